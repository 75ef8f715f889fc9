// Package bot puts mandatebot into Discord: slash command definitions, one
// dispatcher, handlers, and rendering within Discord's limits.
//
// An interaction arrives by the gateway or by HTTP (http.go), is routed
// by Bot.route (bot.go) to its command's handler, read from commandTable,
// or to a button's (components.go), and answered through a reply
// (reply.go), whose every message is checked against Discord's rules
// (valid.go) before it is sent.
//
// Where things are:
//   - commands.go: commandTable, every slash command with its options,
//     handler, who may run it and whether it is deferred; Commands, what
//     is registered with Discord;
//   - bot.go: Config (what the bot needs: Searcher, Reindexer, Library,
//     FeedbackStore), Bot, its start on the gateway and route;
//   - http.go: the interactions endpoint, signatures checked before the
//     body is read; replay.go: interactions already seen, kept across a
//     restart;
//   - ask.go: /ask, its answer (answerMessage), Full passage, More
//     results and the vote buttons' rows; render.go: an answer's embed,
//     footnotes first of the bold sentence, Markdown escaped, nothing
//     that pings (noMentions);
//   - cite.go: /cite; footnote.go: /footnote; mandate.go: /mandate (a
//     resolution's mandate, on a topic, a comparison of two);
//     recommendations.go: /recommendations; sources.go: /sources;
//     feedback.go: /feedback (admins);
//   - reindex.go: /reindex (admins): a file added, cited documents
//     fetched, a document removed, the index rebuilt while the old one
//     serves; autocomplete.go: the choices offered as a member types;
//   - pages.go: a listing longer than one message, turned by buttons;
//     components.go: the buttons' custom ids, naming the corpus version
//     they were made from;
//   - errors.go: what a member is told of an error (one translator of
//     internal/fault's kinds); redact.go: the token kept out of logs.
//
// Elsewhere: searching is index.Live.Search (index/search.go), a
// passage's footnotes corpus.Document.FootnotesFirst (corpus/footnote.go),
// the index swap index.Live.Reindex (index/live.go).
package bot
