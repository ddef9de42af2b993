package providers

import (
	"net"
	"strings"
	"testing"
)

func TestTableParses(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 40 {
		t.Fatalf("table has %d rows, want the 40 of autodiscovery.md §5", len(all))
	}
	ids := map[string]bool{}
	for _, p := range all {
		if ids[p.ID] {
			t.Errorf("duplicate id %s", p.ID)
		}
		ids[p.ID] = true
	}
}

func TestDomainsUniqueAndHostsValid(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, p := range all {
		for _, d := range p.Domains {
			if prev, ok := seen[d]; ok {
				t.Errorf("domain %s in %s and %s", d, prev, p.ID)
			}
			seen[d] = p.ID
			for _, s := range append(append([]Server(nil), p.Incoming...), p.Outgoing...) {
				h := s.HostFor(d)
				if !ValidHost(h) && !(p.Bridge && net.ParseIP(h).IsLoopback()) {
					t.Errorf("%s: host %q for %s is not valid", p.ID, h, d)
				}
				if strings.Contains(h, "%") {
					t.Errorf("%s: placeholder left in %q", p.ID, h)
				}
			}
		}
	}
}

func TestLookup(t *testing.T) {
	cases := []struct{ domain, id string }{
		{"gmail.com", "gmail"},
		{"GoogleMail.com.", "gmail"},
		{"icloud.com", "icloud"},
		{"web.de", "web.de"},
		{"blueyonder.co.uk", "virginmedia"},
	}
	for _, c := range cases {
		p, ok := Lookup(c.domain)
		if !ok || p.ID != c.id {
			t.Errorf("Lookup(%q) = %v, %v; want %s", c.domain, p, ok, c.id)
		}
	}
	if p, ok := Lookup("example.org"); ok {
		t.Errorf("Lookup(example.org) = %s", p.ID)
	}
}

func TestLookupFacts(t *testing.T) {
	g, _ := Lookup("gmail.com")
	if g == nil || g.Incoming[0].Host != "imap.gmail.com" || g.Incoming[0].Port != 993 || !g.AppPassword ||
		g.AppPasswordURL != "https://support.google.com/accounts/answer/185833" {
		t.Errorf("gmail row = %+v", g)
	}
	a, _ := Lookup("me.com")
	if a == nil || a.UsernameFormFor(a.Incoming[0]) != UsernameLocal || a.UsernameFormFor(a.Outgoing[0]) != UsernameFull ||
		a.HelpURL != "https://support.apple.com/HT204397" {
		t.Errorf("icloud row = %+v", a)
	}
	o, _ := Lookup("hotmail.com")
	if o == nil || !o.OAuthOnly {
		t.Errorf("outlook row = %+v", o)
	}
	n, _ := Lookup("126.com")
	if n == nil || n.Incoming[0].HostFor("126.com") != "imap.126.com" {
		t.Errorf("netease row = %+v", n)
	}
}

func TestByMX(t *testing.T) {
	cases := []struct{ mx, id string }{
		{"aspmx.l.google.com", "google-workspace"},
		{"ASPMX.L.GOOGLE.COM.", "google-workspace"},
		{"example-com.mail.protection.outlook.com", "microsoft365"},
		{"mta5.am0.yahoodns.net", "yahoo"},
		{"mx-aol.mail.gm0.yahoodns.net", "aol"},
		{"in1-smtp.messagingengine.com", "fastmail"},
		{"smtpin.rzone.de", "strato"},
	}
	for _, c := range cases {
		p, ok := ByMX(c.mx)
		if !ok || p.ID != c.id {
			t.Errorf("ByMX(%q) = %v, %v; want %s", c.mx, p, ok, c.id)
		}
	}
	for _, mx := range []string{"notyahoodns.net", "mx.example.org", "google.com.evil.test"} {
		if p, ok := ByMX(mx); ok {
			t.Errorf("ByMX(%q) = %s, want none", mx, p.ID)
		}
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	p, _ := Lookup("gmail.com")
	p.Name = "changed"
	q, _ := Lookup("gmail.com")
	if q.Name == "changed" {
		t.Error("Lookup hands out the table's own row")
	}
}

func TestParseRejectsBadRows(t *testing.T) {
	bad := []string{
		`[{"id":"x","name":"X","domains":["x.test"],"incoming":[{"protocol":"imap","host":"imap..x.test","port":993,"security":"tls"}],"outgoing":[{"protocol":"smtp","host":"smtp.x.test","port":465,"security":"tls"}],"username":"full"}]`,
		`[{"id":"x","name":"X","domains":["x.test"],"incoming":[{"protocol":"imap","host":"imap.x.test","port":0,"security":"tls"}],"outgoing":[{"protocol":"smtp","host":"smtp.x.test","port":465,"security":"tls"}],"username":"full"}]`,
		`[{"id":"x","name":"X","domains":["x.test"],"incoming":[{"protocol":"imap","host":"imap.x.test","port":993,"security":"plain"}],"outgoing":[{"protocol":"smtp","host":"smtp.x.test","port":465,"security":"tls"}],"username":"full"}]`,
		`[{"id":"x","name":"X","domains":["x.test"],"incoming":[{"protocol":"imap","host":"10.0.0.1","port":993,"security":"tls"}],"outgoing":[{"protocol":"smtp","host":"smtp.x.test","port":465,"security":"tls"}],"username":"full"}]`,
		`[{"id":"x","name":"X","domains":["x.test"],"incoming":[{"protocol":"imap","host":"imap.x.test","port":993,"security":"tls"}],"outgoing":[],"username":"full"}]`,
		`[{"id":"x","name":"X","domains":["x.test"],"incoming":[{"protocol":"imap","host":"imap.x.test","port":993,"security":"tls"}],"outgoing":[{"protocol":"smtp","host":"smtp.x.test","port":465,"security":"tls"}],"username":"full"},
		  {"id":"y","name":"Y","domains":["x.test"],"incoming":[{"protocol":"imap","host":"imap.x.test","port":993,"security":"tls"}],"outgoing":[{"protocol":"smtp","host":"smtp.x.test","port":465,"security":"tls"}],"username":"full"}]`,
		`not json`,
	}
	for i, b := range bad {
		if _, err := parse([]byte(b)); err == nil {
			t.Errorf("case %d parsed without error", i)
		}
	}
}

func TestOAuth2Settings(t *testing.T) {
	g, _ := Lookup("gmail.com")
	o, ok := OAuth2Of(g)
	if !ok || o.TokenURL != "https://oauth2.googleapis.com/token" || len(o.Scopes) != 1 || o.Scopes[0] != "https://mail.google.com/" ||
		o.Mechanisms[0] != MechOAuthBearer || o.AuthParams["access_type"] != "offline" {
		t.Errorf("gmail oauth2 = %+v", o)
	}
	for _, domain := range []string{"hotmail.com", "outlook.com", "onmicrosoft.com"} {
		p, _ := Lookup(domain)
		o, ok := OAuth2Of(p)
		want := "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access"
		if !ok || strings.Join(o.Scopes, " ") != want || len(o.Mechanisms) != 1 || o.Mechanisms[0] != MechXOAuth2 ||
			o.ClientSecret != "" || !strings.HasPrefix(o.AuthURL, "https://login.microsoftonline.com/") {
			t.Errorf("%s oauth2 = %+v", domain, o)
		}
	}
	// A copy: changing it leaves the table alone.
	o.Scopes[0] = "changed"
	if again, _ := OAuth2Of(g); again.Scopes[0] != "https://mail.google.com/" {
		t.Error("OAuth2Of shares the table's slices")
	}
	if p, _ := Lookup("me.com"); p != nil {
		if _, ok := OAuth2Of(p); ok {
			t.Error("iCloud has no OAuth2 sign-in")
		}
	}
	// The placeholders are not taken for registrations.
	if o.Configured() {
		t.Error("a placeholder client ID counts as configured")
	}
	if !(&OAuth2{ClientID: "1234.apps.googleusercontent.com"}).Configured() {
		t.Error("a real client ID is not configured")
	}
}

func TestOAuth2RowsMustOfferOAuth(t *testing.T) {
	saved := oauthByID
	defer func() { oauthByID = saved }()
	oauthByID = map[string]*OAuth2{"icloud": &google}
	if _, err := parse(tableJSON); err == nil {
		t.Error("OAuth2 settings for a row without oauth were accepted")
	}
}
