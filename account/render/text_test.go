package render

import "testing"

func TestTextQuotesLinksSignature(t *testing.T) {
	src := "Hi Anna,\r\nsee https://example.com/a_(b). and mailto:bob@example.com!\r\n\r\n" +
		"> You wrote:\n> > deeper\n>> still deeper\n> back\n\nText again\nhttps://xn--80ak6aa92e.com/login\n-- \nBob\n"
	d := Text(src)
	want := "Hi Anna,\nsee https://example.com/a_(b). and mailto:bob@example.com!\n\n" +
		"> You wrote:\n>\n> > deeper\n> > still deeper\n>\n> back\n\nText again\nhttps://xn--80ak6aa92e.com/login\n\n-- \nBob"
	if got := d.PlainText(); got != want {
		t.Errorf("PlainText =\n%q\nwant\n%q", got, want)
	}
	quotes := []int{}
	for _, b := range d.Blocks {
		quotes = append(quotes, b.Quote)
	}
	if len(quotes) != 6 || quotes[1] != 1 || quotes[2] != 2 || quotes[3] != 1 || quotes[4] != 0 {
		t.Errorf("quote depths %v", quotes)
	}
	if len(d.Links) != 3 {
		t.Fatalf("links %+v", d.Links)
	}
	if d.Links[0].Href != "https://example.com/a_(b)" || d.Links[1].Href != "mailto:bob@example.com" {
		t.Errorf("link bounds: %q %q", d.Links[0].Href, d.Links[1].Href)
	}
	if !d.Links[2].Has(Punycode) || !d.Links[2].Has(MixedScript) {
		t.Errorf("punycode link not flagged: %+v", d.Links[2])
	}
	var linked int
	for _, b := range d.Blocks {
		for _, in := range b.Inlines {
			if in.Link >= 0 {
				linked++
			}
		}
	}
	if linked != 3 {
		t.Errorf("%d linked inlines", linked)
	}
}

func TestTextNoLinkForSchemeAlone(t *testing.T) {
	d := Text("the http:// prefix and xhttps://no.example and \x00\x1b[31mred")
	if len(d.Links) != 0 {
		t.Errorf("links %+v", d.Links)
	}
	if got := d.PlainText(); got != "the http:// prefix and xhttps://no.example and \uFFFD\uFFFD[31mred" {
		t.Errorf("got %q", got)
	}
}
