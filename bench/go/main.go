// Times helm's semver library (Masterminds/semver v3) on the input that
// bench/semver_bench.c wrote, doing what the C benchmark does, so
// bench/run.sh can report chartci's figures as ratios against helm's.
//
//	go run . VERSIONS_FILE [RUNS]
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/Masterminds/semver/v3"
)

func best(runs int, f func()) time.Duration {
	b := time.Duration(1 << 62)
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		f()
		if d := time.Since(t0); d < b {
			b = d
		}
	}
	return b
}

func ns(d time.Duration, n int) float64 { return float64(d.Nanoseconds()) / float64(n) }

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	runs := 5
	if len(os.Args) > 2 {
		runs, _ = strconv.Atoi(os.Args[2])
	}
	var in []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		in = append(in, sc.Text())
	}
	var vs []*semver.Version
	for _, s := range in {
		if v, err := semver.NewVersion(s); err == nil {
			vs = append(vs, v)
		}
	}
	c, _ := semver.NewConstraint(">= 1.2.3, < 20.0.0 || ^30.1")
	cs := []string{"^1.2.3", ">= 1.16.0-0", "~2.0", "1.x.x", ">=1.2.3, <2 || ^3",
		"1.0.0 - 2.0.0", "!=4.1.x", "*", "=2.8.4", ">= 1.2.3 < 2.0 || => 3.0 < 4"}
	ncons := len(in) / 10
	loose := best(runs, func() {
		for _, s := range in {
			semver.NewVersion(s)
		}
	})
	strict := best(runs, func() {
		for _, s := range in {
			semver.StrictNewVersion(s)
		}
	})
	check := best(runs, func() {
		for _, v := range vs {
			c.Check(v)
		}
	})
	cons := best(runs, func() {
		for i := 0; i < ncons; i++ {
			semver.NewConstraint(cs[i%10])
		}
	})
	fmt.Printf("RESULT go loose_ns=%.1f strict_ns=%.1f check_ns=%.1f constraint_ns=%.1f\n",
		ns(loose, len(in)), ns(strict, len(in)), ns(check, len(vs)), ns(cons, ncons))
}
