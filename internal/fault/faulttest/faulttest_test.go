package faulttest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/internal/fault"
)

// TestEveryErrorListed: every exported error of the packages whose
// errors reach a user (a variable named Err…, a type named …Error) is
// among the Cases, so that the front ends' tests walk it.
func TestEveryErrorListed(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range Cases() {
		listed[strings.SplitN(c.Name, " ", 2)[0]] = true
	}
	var missing []string
	for dir, name := range Packages {
		for _, e := range exportedErrors(t, filepath.Join("..", "..", "..", dir)) {
			if !listed[name+"."+e] {
				missing = append(missing, name+"."+e)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("exported errors not in Cases (add each, as a front end meets it, with its kind): %s", strings.Join(missing, ", "))
	}
}

// exportedErrors names the exported errors declared in dir's Go files
// (not its tests): variables named Err…, and types named …Error.
func exportedErrors(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range gd.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
							out = append(out, n.Name)
						}
					}
				case *ast.TypeSpec:
					if s.Name.IsExported() && strings.HasSuffix(s.Name.Name, "Error") {
						out = append(out, s.Name.Name)
					}
				}
			}
		}
	}
	return out
}

// TestKinds: each error has the kind it is listed with, set where it
// arises.
func TestKinds(t *testing.T) {
	got, want := map[string]string{}, map[string]string{}
	for _, c := range Cases() {
		got[c.Name], want[c.Name] = fault.Of(c.Err).String(), c.Kind.String()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
}
