// Package wizard is the headless state machine of the setup wizard: it
// drives the setup engine (account/setup) through an injected run
// function, turns its reports into a State a view renders, collects the
// user's edits and confirmations for the next run, and saves the account
// (password to the secret store first, then the profile). It has no GUI
// code, so its whole flow is testable without a display; the Fyne view
// lives in wren/ui/setup.
package wizard
