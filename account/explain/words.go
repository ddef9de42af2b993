package explain

// words are one failure's texts. They may hold placeholders that fill
// replaces with what the error and the context know:
//
//	{server}   the server's name, or "the server"
//	{side}     "the outgoing mail server", "the incoming mail server" ...
//	{proto}    "SMTP", "IMAP", "POP3" or "mail"
//	{port}     the port number, or "this port"
//	{rcpt}     the recipient concerned, or "a recipient"
//	{provider} the provider's name, or "your provider"
//	{said}     ` The server said: "…".` with the redacted server text
//
// A fact that may be missing is written {name?with % for it|without it}
// (server, port, rcpt, provider), so the sentence reads well either way.
type words struct {
	title, explanation, fix string
}
