// cron-oracle answers, for each case read from stdin, what Kubernetes would do with a CronJob:
// whether the API server accepts spec.schedule + spec.timeZone, and the run instants the CronJob
// controller computes. It calls robfig/cron v3 (the library Kubernetes vendors) and Go's time
// package, and mirrors the few lines of Kubernetes glue around them:
//   - validation (pkg/apis/batch/validation): a schedule containing "TZ" is refused when
//     spec.timeZone is set; cron.ParseStandard must succeed; validateTimeZone checks the zone;
//   - the controller (pkg/controller/cronjob) parses "TZ=<zone> <schedule>" and calls Next
//     repeatedly.
//
// Input: one JSON object per line, {"id":"..","expr":"..","zone":"..","startMs":0,"count":0}.
// A case with "zoneOnly":true checks only the zone. Output: one JSON object per line,
// {"id":"..","ok":true,"error":"..","runs":[unix seconds...]}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	cron "github.com/robfig/cron/v3"
)

type input struct {
	ID       string `json:"id"`
	Expr     string `json:"expr"`
	Zone     string `json:"zone"`
	StartMs  int64  `json:"startMs"`
	Count    int    `json:"count"`
	ZoneOnly bool   `json:"zoneOnly"`
}

type output struct {
	ID    string  `json:"id"`
	OK    bool    `json:"ok"`
	Prop  string  `json:"prop,omitempty"`
	Error string  `json:"error,omitempty"`
	Runs  []int64 `json:"runs"`
}

var validTimeZoneCharacters = regexp.MustCompile(`^[A-Za-z\.\-_0-9+]{1,14}$`)

// zoneProblem follows validateTimeZone in pkg/apis/batch/validation.
func zoneProblem(zone string) string {
	if len(zone) == 0 {
		return "timeZone must be nil or non-empty string"
	}
	for _, part := range strings.Split(zone, "/") {
		if part == "." || part == ".." || strings.HasPrefix(part, "-") || !validTimeZoneCharacters.MatchString(part) {
			return fmt.Sprintf("unknown time zone %s", zone)
		}
	}
	if strings.EqualFold(zone, "Local") {
		return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return err.Error()
	}
	return ""
}

func evaluate(in input) (out output) {
	out.ID = in.ID
	out.Runs = []int64{}
	defer func() {
		if r := recover(); r != nil {
			out.OK = false
			out.Error = fmt.Sprintf("panic: %v", r)
		}
	}()
	if in.ZoneOnly {
		if p := zoneProblem(in.Zone); p != "" {
			out.Prop, out.Error = "timeZone", p
			return
		}
		out.OK = true
		return
	}
	if strings.Contains(in.Expr, "TZ") {
		out.Prop, out.Error = "schedule", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
		return
	}
	if _, err := cron.ParseStandard(in.Expr); err != nil {
		out.Prop, out.Error = "schedule", err.Error()
		return
	}
	if p := zoneProblem(in.Zone); p != "" {
		out.Prop, out.Error = "timeZone", p
		return
	}
	sched, err := cron.ParseStandard(fmt.Sprintf("TZ=%s %s", in.Zone, in.Expr))
	if err != nil {
		out.Prop, out.Error = "controller", err.Error()
		return
	}
	out.OK = true
	t := time.UnixMilli(in.StartMs).UTC()
	for i := 0; i < in.Count; i++ {
		t = sched.Next(t)
		if t.IsZero() {
			break
		}
		out.Runs = append(out.Runs, t.Unix())
	}
	return
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	encoder := json.NewEncoder(writer)
	for scanner.Scan() {
		line := scanner.Bytes()
		if len(line) == 0 {
			continue
		}
		var in input
		if err := json.Unmarshal(line, &in); err != nil {
			fmt.Fprintf(os.Stderr, "bad input line: %v\n", err)
			os.Exit(2)
		}
		if err := encoder.Encode(evaluate(in)); err != nil {
			fmt.Fprintf(os.Stderr, "write failed: %v\n", err)
			os.Exit(2)
		}
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "read failed: %v\n", err)
		os.Exit(2)
	}
}
