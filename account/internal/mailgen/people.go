package mailgen

import "time"

// person is a correspondent of the mailbox owner.
type person struct {
	name  string
	first string // how the owner greets them
	addr  string
	lang  string
	zone  *time.Location
	work  bool // a colleague or client rather than a friend
}

func zone(name string, hours int) *time.Location {
	return time.FixedZone(name, hours*3600)
}

var (
	zoneUTC    = zone("UTC", 0)
	zoneBerlin = zone("CET", 1)
	zoneParis  = zone("CET", 1)
	zoneMoscow = zone("MSK", 3)
	zoneAthens = zone("EET", 2)
	zoneTokyo  = zone("JST", 9)
	zoneNY     = zone("EST", -5)
	zoneSF     = zone("PST", -8)
)

// people are the owner's correspondents. The domains are reserved for
// examples, so nothing generated can reach a real mailbox.
var people = []person{
	{"Priya Natarajan", "Priya", "priya.natarajan@northwind.example", "en", zoneUTC, true},
	{"Tom Becker", "Tom", "tom@northwind.example", "en", zoneNY, true},
	{"Jürgen Müller", "Jürgen", "j.mueller@baeckerei-mueller.example", "de", zoneBerlin, false},
	{"Anna Schäfer", "Anna", "anna.schaefer@kontor.example", "de", zoneBerlin, true},
	{"Élodie Lefèvre", "Élodie", "elodie@atelier-lefevre.example", "fr", zoneParis, false},
	{"François Dubois", "François", "f.dubois@editions-claires.example", "fr", zoneParis, true},
	{"Дмитрий Соколов", "Дмитрий", "dmitry@sokolov.example", "ru", zoneMoscow, true},
	{"Мария Иванова", "Маша", "masha.ivanova@post.example", "ru", zoneMoscow, false},
	{"Γιώργος Παπαδόπουλος", "Γιώργο", "giorgos@papadopoulos.example", "el", zoneAthens, false},
	{"佐藤 花子", "花子", "hanako.sato@sakura.example", "ja", zoneTokyo, true},
	{"Maya Chen", "Maya", "maya@chenfamily.example", "en", zoneSF, false},
	{"Leo Okafor", "Leo", "leo.okafor@mailbox.example", "en", zoneUTC, false},
	{"Grace O'Neill", "Grace", "grace.oneill@northwind.example", "en", zoneUTC, true},
	{"Mum", "Mum", "mum@taylor-family.example", "en", zoneUTC, false},
	{"Café Lumière ☕", "team", "hello@cafe-lumiere.example", "fr", zoneParis, false},
}

// newsletter is a sender of list mail.
type newsletter struct {
	name    string
	addr    string
	listID  string
	host    string // the sender's web host
	tracker string // where its pixels and links go
	kind    string // what its issues are about: key into newsIssues
}

var newsletters = []newsletter{
	{"The Weekly Sprout", "news@weeklysprout.example", "weekly.weeklysprout.example", "weeklysprout.example", "pixel.mailtrack.example", "garden"},
	{"Pixel & Code Digest", "digest@pixelcode.example", "digest.pixelcode.example", "pixelcode.example", "t.clickmetrics.example", "tech"},
	{"Stadtbibliothek Nord", "programm@bibliothek-nord.example", "programm.bibliothek-nord.example", "bibliothek-nord.example", "open.newsmailer.example", "library"},
	{"Voyages Lumière", "offres@voyages-lumiere.example", "offres.voyages-lumiere.example", "voyages-lumiere.example", "trk.emailinsights.example", "travel"},
	{"Ridgeway Outfitters", "deals@ridgeway.example", "deals.ridgeway.example", "ridgeway.example", "beacon.shopstats.example", "shop"},
}

// notifier is a sender of automated, plain-text notices.
type notifier struct {
	name, addr, listID string
	kind               string // key into noticeTexts
}

var notifiers = []notifier{
	{"Northwind CI", "ci@builds.northwind.example", "builds.northwind.example", "ci"},
	{"Parcel Post", "tracking@parcelpost.example", "", "parcel"},
	{"City Library", "no-reply@library.example", "", "library"},
	{"Account Security", "security@accounts.example", "", "security"},
	{"wren-users", "wren-users@lists.example", "wren-users.lists.example", "list"},
}

// spammers send junk.
var spammers = []person{
	{"Prize Department", "", "winner@lucky-draw.example", "en", zoneUTC, false},
	{"Служба поддержки", "", "support@bank-secure.example", "ru", zoneMoscow, false},
	{"Pharma Shop 💊", "", "offers@cheap-pills.example", "en", zoneUTC, false},
	{"Invoice Dept", "", "billing@invoice-notice.example", "en", zoneUTC, false},
}
