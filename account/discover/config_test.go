package discover

import (
	"errors"
	"strings"
	"testing"

	"wren/account"
	"wren/transport"
)

// exampleXML is the fixture of autodiscovery.md §3.2.
const exampleXML = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <domain purpose="mx">mx.example-hosting.test</domain>
    <displayName>Example Mail</displayName>
    <displayShortName>Example</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.example.test</hostname>
      <port>143</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.test</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
      <pop3>
        <leaveMessagesOnServer>true</leaveMessagesOnServer>
        <daysToLeaveMessagesOnServer>14</daysToLeaveMessagesOnServer>
      </pop3>
    </incomingServer>
    <incomingServer type="jmap">
      <url>https://jmap.example.test/session</url>
      <authentication system="http">Basic</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.test</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.test</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
    <documentation url="https://help.example.test/mail-clients">
      <descr lang="en">Configure your mail app</descr>
    </documentation>
    <enable visiturl="https://webmail.example.test/settings/imap">
      <instruction>Enable IMAP access in webmail settings first.</instruction>
    </enable>
  </emailProvider>
</clientConfig>`

func mustAddr(t *testing.T, s string) Address {
	t.Helper()
	a, err := ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestParseConfigExample(t *testing.T) {
	a := mustAddr(t, "alice@example.test")
	c, err := ParseConfig([]byte(exampleXML), a, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Incoming) != 3 || len(c.Outgoing) != 2 || len(c.Skipped) != 1 || !strings.Contains(c.Skipped[0], "jmap") {
		t.Fatalf("sections: in %d out %d skipped %q", len(c.Incoming), len(c.Outgoing), c.Skipped)
	}
	o := fromConfig(c, account.SourceAutoconfig, func(string) (Tier, string) { return T1, "" })
	want := []string{"imap imap.example.test:993 (tls)", "imap imap.example.test:143 (starttls)", "pop3 pop.example.test:995 (tls)"}
	for i, w := range want {
		if got := o.in[i].Server.String(); got != w {
			t.Errorf("incoming[%d] = %s, want %s", i, got, w)
		}
	}
	if got := o.out[0].Server.String(); got != "smtp smtp.example.test:465 (tls)" {
		t.Errorf("outgoing[0] = %s; policy puts implicit TLS first", got)
	}
	if o.in[0].Server.Username != "alice@example.test" || !equal(o.in[0].Usernames, []string{"alice@example.test", "alice"}) || !o.in[0].Stated {
		t.Errorf("username = %q %q stated %v", o.in[0].Server.Username, o.in[0].Usernames, o.in[0].Stated)
	}
	if o.in[0].Server.Source != account.SourceAutoconfig || o.in[0].Server.Auth != account.AuthPassword {
		t.Errorf("server = %+v", o.in[0].Server)
	}
	if len(c.Enable) != 1 || c.Enable[0].URL != "https://webmail.example.test/settings/imap" || !strings.HasPrefix(c.Enable[0].Instruction, "Enable IMAP") {
		t.Errorf("enable = %+v", c.Enable)
	}
	if len(c.Docs) != 1 || c.Docs[0].URL != "https://help.example.test/mail-clients" || c.Docs[0].Descr != "Configure your mail app" {
		t.Errorf("docs = %+v", c.Docs)
	}
	if c.Name != "Example Mail" || len(c.Domains) != 2 {
		t.Errorf("name %q domains %q", c.Name, c.Domains)
	}
}

func doc(servers string) string {
	return `<clientConfig><emailProvider id="x"><domain>example.test</domain>` + servers + `</emailProvider></clientConfig>`
}

const smtpOK = `<outgoingServer type="smtp"><hostname>smtp.example.test</hostname><port>465</port><socketType>SSL</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></outgoingServer>`

func TestParseConfigSections(t *testing.T) {
	a := mustAddr(t, "Alice@example.test")
	x := doc(`
<incomingServer type="imap"><hostname>plain.example.test</hostname><port>143</port><socketType>plain</socketType><username>%EMAILADDRESS%</username></incomingServer>
<incomingServer type="exchange"><hostname>ex.example.test</hostname><port>443</port><socketType>SSL</socketType></incomingServer>
<incomingServer type="imap"><hostname>bad host</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
<incomingServer type="imap"><hostname>imap.example.test</hostname><port>99999</port><socketType>SSL</socketType></incomingServer>
<incomingServer type="imap"><hostname>imap.example.test</hostname><port>993</port><socketType>QUIC</socketType></incomingServer>
<incomingServer type="imap"><hostname>192.0.2.7</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
<incomingServer type="imap"><hostname>imap.example.test</hostname><port>993</port><socketType>ssl</socketType><authentication>NTLM</authentication><authentication>password-encrypted</authentication><username>%EMAILLOCALPART%</username></incomingServer>
<incomingServer type="pop3"><hostname>pop.example.test</hostname><port>995</port><socketType>TLS</socketType><username>%CUSTOMER%</username></incomingServer>
<incomingServer type="imap"><hostname>o.example.test</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication></incomingServer>
<incomingServer type="imap"><hostname>k.example.test</hostname><port>993</port><socketType>SSL</socketType><authentication>GSSAPI</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>relay.example.test</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>client-IP-address</authentication></outgoingServer>`)
	c, err := ParseConfig([]byte(x), a, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Plaintext) != 1 || c.Plaintext[0].Server.Host != "plain.example.test" {
		t.Errorf("plaintext = %+v", c.Plaintext)
	}
	if len(c.Incoming) != 3 {
		t.Fatalf("incoming = %+v, skipped %q", c.Incoming, c.Skipped)
	}
	if len(c.Skipped) != 6 {
		t.Errorf("skipped %d: %q", len(c.Skipped), c.Skipped)
	}
	im := c.Incoming[0]
	if im.Server.Security != transport.SecurityTLS || !equal(im.Usernames, []string{"Alice", "Alice@example.test"}) || im.Server.Username != "Alice" {
		t.Errorf("imap = %+v", im)
	}
	if pop := c.Incoming[1]; pop.Usernames != nil || pop.Server.Username != "" {
		t.Errorf("unresolved placeholder: %+v", pop)
	}
	if o := c.Incoming[2]; !o.OAuthOnly || o.Server.Auth != account.AuthOAuth2 {
		t.Errorf("oauth section = %+v", o)
	}
	if c.NeedsOAuth() {
		t.Error("NeedsOAuth with password sections present")
	}
	if out := c.Outgoing[0]; out.Server.Auth != account.AuthNone || out.Usernames != nil {
		t.Errorf("outgoing = %+v", out)
	}
	// An override file may name an IP address.
	c, err = ParseConfig([]byte(x), a, true)
	if err != nil || len(c.Incoming) != 4 {
		t.Errorf("allowIP: %v %+v", err, c)
	}
}

func TestParseConfigOAuthOnly(t *testing.T) {
	x := doc(`<incomingServer type="imap"><hostname>outlook.office365.com</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication><username>%EMAILADDRESS%</username></incomingServer>` + smtpOK)
	c, err := ParseConfig([]byte(x), mustAddr(t, "a@example.test"), false)
	if err != nil || !c.NeedsOAuth() || !c.Usable() {
		t.Fatalf("%v %+v", err, c)
	}
}

func TestParseConfigRejects(t *testing.T) {
	a := mustAddr(t, "a@example.test")
	cases := map[string]string{
		"html":      `<!DOCTYPE html><html><body>Log in to the hotel Wi-Fi</body></html>`,
		"html-xml":  `<html><head><title>portal</title></head></html>`,
		"malformed": `<clientConfig><emailProvider><domain>example.test</domain>`,
		"no domain": `<clientConfig><emailProvider id="x">` + smtpOK + `</emailProvider></clientConfig>`,
		"empty":     ``,
		"entity":    `<!DOCTYPE clientConfig [<!ENTITY x SYSTEM "file:///etc/passwd">]><clientConfig><emailProvider><domain>&x;</domain></emailProvider></clientConfig>`,
		"huge":      doc(strings.Repeat("<!-- padding -->", MaxConfigSize/16+1)),
	}
	for name, x := range cases {
		if c, err := ParseConfig([]byte(x), a, false); !errors.Is(err, ErrBadConfig) {
			t.Errorf("%s: %+v, %v; want ErrBadConfig", name, c, err)
		}
	}
}

func TestParseConfigVersionIgnoredAndIncomplete(t *testing.T) {
	a := mustAddr(t, "a@example.test")
	c, err := ParseConfig([]byte(`<clientConfig version="9.9">`+doc(smtpOK)[len("<clientConfig>"):]), a, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Usable() {
		t.Error("a file without incoming server is not usable")
	}
	if o := fromConfig(c, account.SourceISPDB, func(string) (Tier, string) { return T1, "" }); o.found() || !errors.Is(o.err, errIncomplete) {
		t.Errorf("outcome = %+v", o)
	}
}
