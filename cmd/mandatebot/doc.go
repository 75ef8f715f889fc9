// Command mandatebot answers questions about the UN peacekeeping mission
// in Mali (MINUSMA) from its mandate and a NUPI policy brief, with ranked
// passages and footnote citations, on the command line and in Discord.
//
// Run "mandatebot help" for the subcommands.
//
// Where things are (this package only wires; the work is in the packages
// it imports):
//   - main.go: commands, the table of subcommands (name, one line of
//     help, the function that runs it); main, whose context SIGTERM and
//     Ctrl-C cancel, and run, which reads the configuration and
//     dispatches; environment, what a subcommand is given
//     (configuration, output streams, the way to Discord);
//   - config.go: config and loadConfig (the environment, then .env), the
//     flags every subcommand parses; settings.go: settings, the table of
//     every environment variable, from which loadConfig, .env.example and
//     the README's table are made;
//   - errors.go: explain, the one place an error becomes what the command
//     line says, and the exit code;
//   - open.go: the corpus loaded (corpus.Loader) and the index at
//     INDEX_PATH opened, or built and installed (index.Store), for the
//     subcommands that read them;
//   - one file a subcommand, its runX function: ask.go (ask: hits printed
//     with their footnotes, or --json), cite.go, comparecmd.go,
//     indexcmd.go, dump.go, evalcmd.go, feedbackcmd.go, version.go,
//     healthcheck.go; fetch.go (UN documents by symbol, corpus/undoc),
//     add.go and documents.go (add, list, remove: corpus/intake),
//     importtext.go (import-text: corpus/pdftext);
//   - serve.go: serve and register — the Discord bot (botConfig, then
//     bot.New), the web pages (openWeb, also for webcmd.go's web), the
//     health and metrics endpoints, the index served as an index.Live,
//     rebuilt in the background when stale, the cited UN documents
//     fetched at start (fetchOnStart), the corpus folder polled for
//     changes (pollCorpus), and the connection to Discord.
//
// Elsewhere: a slash command is handled in package bot (bot/commands.go's
// commandTable, then a file per command family: bot/ask.go, bot/cite.go,
// bot/footnote.go, …); a question is searched in index/search.go; a
// passage gets its footnotes in corpus/footnote.go (FootnotesFirst); a PDF
// becomes paragraphs in corpus/undoc (UN documents) and corpus/pdftext
// (the brief's text); a reindex swaps the index served whole in
// index/live.go (Live.Reindex), so a failed one leaves the old serving.
package main
