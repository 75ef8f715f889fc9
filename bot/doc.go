// Package bot puts mandatebot into Discord: slash command definitions, one
// dispatcher, handlers, and rendering within Discord's limits.
package bot
