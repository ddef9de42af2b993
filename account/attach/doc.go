// Package attach keeps attachments of untrusted mail from harming the
// user's disk: names are cleaned before they become file names, saving
// never replaces a file silently and never leaves the chosen folder, and
// files opened with the system's viewer go to a private temporary folder
// without an executable bit, with a warning for programs and scripts.
package attach
