package mailgen

// topic is what a conversation is about: its subject, the first message
// and the replies that follow, in order (the generic ones of its
// language take over when they run out).
type topic struct {
	lang    string
	work    bool
	subject string
	opening string
	replies []string
}

var topics = []topic{
	{"en", true, "Q3 roadmap review",
		"I've put the Q3 roadmap draft in the shared folder. Could you look at the sync milestones before Thursday? I'm not sure we can fit offline search in as well.",
		[]string{
			"Had a look. Sync looks realistic, but I'd move offline search to Q4 so we have room for the bug backlog.",
			"Agreed on search. I'll update the draft and send it round to the team tomorrow.",
			"Updated version is in the folder. The only open question is who owns the migration work.",
		}},
	{"en", true, "Invoice #4471 for March",
		"Please find attached our invoice for the March work. Payment terms are 30 days as usual. Let me know if anything needs correcting.",
		[]string{
			"Thanks, received. One line item lists 14 hours for the workshop, I think it should be 12. Could you check?",
			"You're right, sorry about that. I'll send a corrected invoice this afternoon.",
		}},
	{"en", true, "Can we move our 1:1?",
		"Something came up on Wednesday morning. Could we move our 1:1 to Thursday, same time?",
		[]string{
			"Thursday works. I'll move the invite.",
			"Thanks! Talk then.",
		}},
	{"en", true, "Interview feedback for the backend role",
		"Thanks for sitting in on the interview yesterday. What did you think of the system design part? I found the answer on caching quite strong.",
		[]string{
			"Same impression. Slightly worried about the testing discussion, but nothing that would stop me. I'd say yes.",
			"Great, I'll let the recruiter know we want to move forward.",
		}},
	{"en", true, "Release 2.4 is out",
		"2.4 went out at 10:40 this morning. Crash reports look quiet so far. Thanks everyone for the late push on Friday.",
		[]string{
			"Nice work! I'm seeing one new crash on older Android builds, looking into it now.",
			"Found it, a null check in the share sheet. Fix is in review.",
			"Merged. We'll ship 2.4.1 tomorrow morning.",
		}},
	{"en", false, "Dinner on Saturday?",
		"We're finally settled into the new flat. Would you like to come over for dinner on Saturday? Around seven, nothing fancy.",
		[]string{
			"We'd love to! Can we bring anything? Dessert maybe?",
			"Dessert would be perfect. See you Saturday!",
			"Thanks again for a lovely evening. The risotto recipe, please!",
		}},
	{"en", false, "Photos from the hike",
		"Here are a few photos from Sunday. The one at the ridge came out really well, I think.",
		[]string{
			"These are great! Can I use the ridge one as my desktop background?",
			"Of course. I have a higher-resolution version if you want it.",
		}},
	{"en", false, "Birthday plans for Dad",
		"Dad turns 70 in May. I was thinking of a small lunch with the family rather than a big party. What do you think?",
		[]string{
			"A lunch sounds right. He'd hate a surprise party anyway. The place by the river?",
			"I'll call them this week and ask about a table for twelve.",
			"Booked for Sunday the 12th, 12:30. I'll tell the others.",
		}},
	{"en", false, "Book club: next pick 📚",
		"Time to choose our next book! I've made a short list: two novels and one non-fiction. Vote by Friday?",
		[]string{
			"My vote goes to the non-fiction one. We've done a lot of novels lately.",
			"Counted the votes: non-fiction wins, four to two. Meeting on the 3rd at my place.",
		}},
	{"en", false, "Flight details",
		"Landing at 18:45 on Friday, terminal 2. I'll take the train into town, no need to pick me up.",
		[]string{
			"Great, text me when you land. I'll have the kettle on.",
		}},
	{"de", true, "Angebot für die Website-Überarbeitung",
		"anbei unser Angebot für die Überarbeitung der Website. Wir haben die Punkte aus unserem Gespräch aufgenommen und die Barrierefreiheit als eigenen Abschnitt ausgewiesen.",
		[]string{
			"Danke für das Angebot. Können wir den Abschnitt zur Barrierefreiheit vorziehen? Das ist für uns am dringendsten.",
			"Das ist möglich. Ich schicke Ihnen bis Freitag einen angepassten Zeitplan.",
		}},
	{"de", false, "Brötchen für das Straßenfest",
		"für das Straßenfest am Samstag bräuchten wir etwa 150 Brötchen und zwei Bleche Streuselkuchen. Geht das noch?",
		[]string{
			"Das bekommen wir hin. Abholung ab 8 Uhr in der Backstube, passt das?",
			"Perfekt, vielen Dank! Ich komme um acht vorbei.",
		}},
	{"fr", false, "Atelier céramique — inscription",
		"merci pour votre inscription à l'atelier céramique du jeudi soir. Le premier cours a lieu le 14, de 19 h à 21 h. Pensez à apporter un tablier !",
		[]string{
			"Merci beaucoup ! Est-ce que je peux venir avec une amie qui voudrait essayer ?",
			"Avec plaisir, il reste deux places. Dites-lui de m'écrire pour réserver.",
		}},
	{"fr", true, "Relecture du chapitre 3",
		"je vous envoie le chapitre 3 avec mes remarques en marge. Dans l'ensemble c'est très réussi, il faudrait juste resserrer la fin.",
		[]string{
			"Merci pour cette relecture attentive. Je reprends la fin cette semaine.",
			"Parfait. La maquette doit partir chez l'imprimeur le 20, on a donc un peu de marge.",
		}},
	{"ru", true, "Отчёт по тестированию",
		"отправляю отчёт по нагрузочному тестированию. Синхронизация 100 тысяч писем заняла меньше минуты, память в пределах нормы.",
		[]string{
			"Отличные результаты! Можешь добавить график по времени ответа сервера?",
			"Добавил график во вложение. Пики совпадают с переподключениями.",
		}},
	{"ru", false, "Встреча выпускников",
		"в этом году встреча выпускников будет в субботу, 18-го, в том же кафе. Придёшь?",
		[]string{
			"Конечно приду! Кто ещё будет?",
			"Почти весь класс, даже Олег приедет из Новосибирска.",
		}},
	{"el", false, "Διακοπές στη Νάξο",
		"βρήκα ένα ωραίο σπίτι στη Νάξο για τον Ιούλιο, κοντά στην παραλία. Θέλετε να έρθετε κι εσείς;",
		[]string{
			"Ακούγεται υπέροχο! Ποιες ημερομηνίες σκέφτεσαι;",
			"Από τις 10 μέχρι τις 20 Ιουλίου. Κλείνω αν συμφωνείτε.",
		}},
	{"ja", true, "来週の打ち合わせについて",
		"来週の打ち合わせですが、水曜日の午後二時からでいかがでしょうか。資料は前日までにお送りします。",
		[]string{
			"水曜日の午後二時で大丈夫です。よろしくお願いいたします。",
			"ありがとうございます。会議室を予約しておきます。",
		}},
	{"en", true, "Server maintenance window 🛠️",
		"We'll patch the database servers on Saturday between 06:00 and 08:00 UTC. Expect a few minutes of read-only mode.",
		[]string{
			"Thanks for the heads-up. Should we pause the nightly export?",
			"Yes please, I'll re-run it once we're done.",
		}},
	{"en", false, "Coffee this week? ☕",
		"It's been ages! Are you free for a coffee this week? Thursday after work suits me best.",
		[]string{
			"Thursday is good! The usual place at half five?",
			"See you there.",
		}},
}

// genericReplies continue a conversation once its own replies run out.
var genericReplies = map[string][]string{
	"en": {"Sounds good to me.", "Thanks, that helps a lot.", "Let's talk about it tomorrow.", "Perfect, thank you!", "I'll get back to you on this by Friday."},
	"de": {"Klingt gut, danke!", "Passt, bis dann.", "Ich melde mich morgen dazu.", "Vielen Dank für die schnelle Antwort."},
	"fr": {"Très bien, merci !", "Parfait, à bientôt.", "Je reviens vers vous demain.", "Merci pour votre réponse rapide."},
	"ru": {"Отлично, спасибо!", "Договорились.", "Я отвечу завтра.", "Спасибо за быстрый ответ."},
	"el": {"Τέλεια, ευχαριστώ!", "Εντάξει, τα λέμε.", "Θα σου απαντήσω αύριο."},
	"ja": {"承知しました。", "ありがとうございます。", "明日改めてご連絡します。"},
}

// greetings and closings by language; %s is a first name.
var greetings = map[string]string{
	"en": "Hi %s,", "de": "Hallo %s,", "fr": "Bonjour %s,", "ru": "Привет, %s!", "el": "Γεια σου %s,", "ja": "%sさん",
}

var closings = map[string]string{
	"en": "Best,", "de": "Viele Grüße", "fr": "Bien à vous,", "ru": "Всего хорошего,", "el": "Φιλιά,", "ja": "よろしくお願いします。",
}

// forwardNotes introduce a forwarded message.
var forwardNotes = []string{
	"Forwarding this in case it's useful for you.",
	"FYI, see below. Can you take this one?",
	"Thought you'd want to see this.",
}

// newsIssue is the content of one newsletter issue.
type newsIssue struct {
	subject  string
	headline string
	items    []string
}

var newsIssues = map[string][]newsIssue{
	"garden": {
		{"🌱 Seed swap season is here", "Seed swap season", []string{"Five tomatoes that thrive on a balcony", "How to store seeds over winter", "Reader question: why are my basil leaves curling?"}},
		{"What to plant in late summer", "Late summer planting", []string{"Quick greens for autumn", "Mulching before the first frost", "Our favourite hand trowels, tested"}},
	},
	"tech": {
		{"Issue 212: faster builds, calmer on-call", "Faster builds", []string{"Cutting CI time in half with test sharding", "Writing runbooks people actually read", "Ten small terminal tricks"}},
		{"Issue 213: the case for boring technology", "Boring technology", []string{"Why we moved back to a single database", "A gentle introduction to property testing", "Jobs: five teams hiring this week"}},
	},
	"library": {
		{"Veranstaltungen im Mai — Lesungen & Workshops", "Unser Mai-Programm", []string{"Lesung: „Die Stadt am Fluss“ mit Autorin Katrin Weiß", "Workshop: Fotobücher gestalten", "Vorlesestunde für Kinder jeden Mittwoch"}},
		{"Neu im Bestand: Sommerlektüre ☀️", "Sommerlektüre", []string{"Zwanzig neue Romane für die Ferien", "Hörbücher jetzt auch digital ausleihen", "Geänderte Öffnungszeiten im August"}},
	},
	"travel": {
		{"Escapades d'automne : jusqu'à -30 %", "Escapades d'automne", []string{"Trois jours à Lisbonne à partir de 249 €", "Le Jura en train, sans voiture", "Nos conseils pour voyager léger"}},
		{"Noël en Alsace 🎄 — derniers départs", "Marchés de Noël", []string{"Strasbourg, Colmar et Riquewihr en week-end", "Hôtels de charme au cœur des vignes", "Réservez avant le 30 novembre"}},
	},
	"shop": {
		{"Your trail season checklist", "Ready for the trails", []string{"Lightweight rain shells, now 20% off", "Boots that last: our care guide", "Members' weekend: double points"}},
		{"Last chance: winter sale ends Sunday", "Winter sale", []string{"Down jackets from 89 €", "Thermal layers for every budget", "Free returns until 31 January"}},
	},
}

// noticeTexts are automated messages: subject and body, by kind.
var noticeTexts = map[string][][2]string{
	"ci": {
		{"[northwind/app] Build failed on main (#1842)", "The build of main at commit 3f9c2e1 failed.\n\nFailed step: unit tests (store)\n  TestResyncAfterExpunge: expected 41 messages, got 42\n\nView the log in the build dashboard."},
		{"[northwind/app] Build fixed on main (#1843)", "The build of main at commit 7a01d4b passed.\n\nAll 1,284 tests passed in 6m 12s."},
	},
	"parcel": {
		{"Your parcel is on its way", "Good news: your parcel left our depot this morning and should arrive tomorrow between 9:00 and 13:00.\n\nTracking number: PP 4471 2209 18\n\nIf nobody is home, we'll leave it at the pick-up point around the corner."},
		{"Delivered: your parcel", "Your parcel was delivered today at 11:42 and handed to a neighbour (flat 3)."},
	},
	"library": {
		{"Reminder: 2 items due in 3 days", "This is a friendly reminder that the following items are due on Friday:\n\n  - The Overstory\n  - A Field Guide to Mosses\n\nYou can renew them online once."},
	},
	"security": {
		{"New sign-in to your account", "We noticed a new sign-in to your account from Firefox on Linux.\n\nIf this was you, there's nothing to do. If not, change your password right away."},
	},
	"list": {
		{"[wren-users] Tips for importing old mailboxes", "Hi all,\n\nI moved fifteen years of mail from an old mbox archive yesterday and wrote down what worked. Short version: split the archive by year first, then import one year at a time.\n\nHappy to answer questions."},
		{"[wren-users] Dark mode on KDE?", "Does the dark theme follow the KDE colour scheme for anyone else? It stays light for me on Plasma 6."},
	},
}

// junkTexts are spam: subject and body.
var junkTexts = [][2]string{
	{"CONGRATULATIONS!!! You have been selected 🎉", "Dear winner,\n\nYour e-mail address was selected in our annual draw. To claim your prize of 1.000.000 € reply with your full name, bank details and a copy of your passport."},
	{"Срочно: подтвердите данные карты", "Уважаемый клиент!\n\nВаша карта будет заблокирована в течение 24 часов. Подтвердите данные по ссылке ниже."},
	{"Cheap meds, no prescription needed 💊", "Best prices online. Discreet delivery worldwide. Order now and save 80%!"},
	{"Unpaid invoice — final notice", "Your invoice is overdue. Open the attached document to avoid additional fees."},
}
