package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"mandatebot/index"
	"mandatebot/index/indextest"
)

// TestAnswerFitsItsRoom: an answer never holds more than the room it is
// given, and further answers left out for room point to their Full
// passage buttons (which the message has), not to /footnote.
func TestAnswerFitsItsRoom(t *testing.T) {
	ix := indextest.Build(t, screenCorpus(t))
	res, err := ix.Search(context.Background(), index.Query{Text: "Who rejected the preliminary peace deal?", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 4 {
		t.Fatalf("%d hits, want at least 4", len(res.Hits))
	}
	for _, room := range []int{maxReply, 1700, 1600, 1200, 900} {
		e := answerEmbed(res.Hits, res.Corpus, links{}, room)
		if n := embedsLength([]*discordgo.MessageEmbed{e}); n > room {
			t.Errorf("room %d: the answer holds %d characters", room, n)
		}
		for _, f := range e.Fields {
			if f.Name == "Also" && strings.Contains(f.Value, "more:") && !strings.Contains(f.Value, "Full passage") {
				t.Errorf("room %d: further answers cut for room say %q", room, f.Value[strings.LastIndex(f.Value, "\n")+1:])
			}
		}
	}
}
