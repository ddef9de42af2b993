package imap

import (
	"strings"
	"sync"
	"testing"
)

// List asks for names and special use only, with or without LIST-STATUS:
// the counts cost the server a scan of every large folder. ListCounts
// asks for them.
func TestListAsksForCountsOnlyWhenWanted(t *testing.T) {
	for _, caps := range []string{"IMAP4rev1 AUTH=PLAIN SPECIAL-USE LIST-STATUS", "IMAP4rev1 AUTH=PLAIN SPECIAL-USE"} {
		t.Run(caps, func(t *testing.T) {
			f := newFake(t, true)
			f.caps = caps
			var mu sync.Mutex
			var lists []string
			statuses := 0
			f.handlers["LIST"] = func(s *fsess, tag, args string) {
				mu.Lock()
				lists = append(lists, args)
				mu.Unlock()
				inbox, sent := "* LIST (\\HasNoChildren) \"/\" INBOX\r\n", "* LIST (\\Sent) \"/\" Sent\r\n"
				if strings.Contains(args, "STATUS") { // each STATUS follows its LIST (RFC 5819)
					inbox += "* STATUS INBOX (MESSAGES 3 UNSEEN 1)\r\n"
					sent += "* STATUS Sent (MESSAGES 2 UNSEEN 0)\r\n"
				}
				s.send(inbox + sent + tag + " OK done\r\n")
			}
			f.handlers["STATUS"] = func(s *fsess, tag, args string) {
				mu.Lock()
				statuses++
				mu.Unlock()
				name, _, _ := strings.Cut(args, " ")
				s.send("* STATUS " + name + " (MESSAGES 3 UNSEEN 1)\r\n" + tag + " OK done\r\n")
			}
			ep, opts := f.start()
			c, err := Dial(t.Context(), ep, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			folders, err := c.List(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			asked, n := strings.Join(lists, "|"), statuses
			mu.Unlock()
			if len(folders) != 2 || folders[1].Role != RoleSent || folders[0].HasCounts || strings.Contains(asked, "STATUS") || n != 0 {
				t.Fatalf("List: %+v after LIST %q and %d STATUS; want two folders and no counts asked for", folders, asked, n)
			}
			folders, err = c.ListCounts(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(folders) != 2 || !folders[0].HasCounts || folders[0].Messages != 3 || folders[0].Unseen != 1 {
				t.Fatalf("ListCounts: %+v; want INBOX with 3 messages, 1 unseen", folders)
			}
		})
	}
}
