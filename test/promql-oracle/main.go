// Command promql-oracle answers, for each PromQL expression on stdin, whether Prometheus' own
// parser (github.com/prometheus/prometheus/promql/parser, default options: no experimental
// functions, duration expressions or fill modifiers) accepts it, and the type of the result.
//
// Input: one JSON object per line, {"id": "...", "expr": "..."}.
// Output: one JSON object per line, {"id": "...", "ok": true, "type": "instant vector"} or
// {"id": "...", "ok": false, "error": "1:6: parse error: ..."}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/prometheus/prometheus/promql/parser"
)

type request struct {
	ID   string `json:"id"`
	Expr string `json:"expr"`
}

type answer struct {
	ID    string `json:"id"`
	OK    bool   `json:"ok"`
	Type  string `json:"type,omitempty"`
	Error string `json:"error,omitempty"`
}

func main() {
	p := parser.NewParser(parser.Options{})
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fmt.Fprintln(os.Stderr, "bad input line:", err)
			os.Exit(2)
		}
		a := answer{ID: req.ID}
		expr, err := p.ParseExpr(req.Expr)
		if err != nil {
			a.Error = err.Error()
		} else {
			a.OK = true
			a.Type = string(parser.DocumentedType(expr.Type()))
		}
		if err := out.Encode(a); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
