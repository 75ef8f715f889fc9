package main

import (
	"bytes"
	"os"
	"testing"
)

// TestDataIsCurrent regenerates the data file from the WordNet files, when
// this machine has them (Debian's wordnet-base), and compares it with the
// one embedded: a change to the analyzer or to this generator must be
// followed by `go generate ./index/thesaurus`.
func TestDataIsCurrent(t *testing.T) {
	const dir = "/usr/share/wordnet"
	if _, err := os.Stat(dir + "/data.noun"); err != nil {
		t.Skip("WordNet is not installed here (apt-get install wordnet-base); the embedded file is what there is")
	}
	if testing.Short() {
		t.Skip("takes some seconds")
	}
	var fresh bytes.Buffer
	if err := write(&fresh, dir); err != nil {
		t.Fatal(err)
	}
	embedded, err := os.ReadFile("../wordnet.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh.Bytes(), embedded) {
		t.Errorf("index/thesaurus/wordnet.txt is stale (%d bytes, regenerated %d): run go generate ./index/thesaurus", len(embedded), fresh.Len())
	}
}
