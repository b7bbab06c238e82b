// Command promrules checks Prometheus rule files the way `promtool check rules` does: rulefmt.ParseFile parses
// the groups (unknown fields are errors) and every rule's PromQL expression, labels and annotation templates.
// Output mirrors promtool: "Checking FILE", then "  SUCCESS: N rules found" on stdout, or "  FAILED:" and one
// error per line on stderr. Exit 0 when every file is valid, 1 when any has errors, 2 on bad usage.
//
// Why not promtool itself: its command pulls in every service discovery (cloud SDKs) and takes far longer to build
// cold than this, for the one check the chart tests need (see e2e/README.md, "Measured").
package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" {
		fmt.Fprintln(os.Stderr, "usage: promrules RULE_FILE...  (checks like `promtool check rules`)")
		os.Exit(2)
	}
	// promtool's defaults: UTF-8 metric and label names, the standard PromQL functions.
	p := parser.NewParser(parser.Options{})
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	failed := false
	for _, f := range os.Args[1:] {
		fmt.Println("Checking", f)
		rgs, errs := rulefmt.ParseFile(f, false, model.UTF8Validation, p, logger)
		if len(errs) > 0 {
			failed = true
			fmt.Fprintln(os.Stderr, "  FAILED:")
			for _, e := range errs {
				fmt.Fprintln(os.Stderr, e.Error())
			}
			continue
		}
		n := 0
		for _, g := range rgs.Groups {
			n += len(g.Rules)
		}
		fmt.Printf("  SUCCESS: %d rules found\n", n)
		fmt.Println()
	}
	if failed {
		os.Exit(1)
	}
}
