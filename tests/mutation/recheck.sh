#!/bin/bash
# Re-check named survivors against the tests as they are now, without a mutmut run (which
# resets every result once a test file has changed): each mutant (`mutmut show`) applied
# in a scratch worktree, TESTFILE run on SQLite; a time-out (an endless loop) is a kill.
#   tests/mutation/recheck.sh tests/models/test_access_edges.py models.access.x_approvers__mutmut_60
set -u
repo=$(git rev-parse --show-toplevel)
work=${TMPDIR:-/tmp}/mutation-recheck
test=$1
shift
rm -rf "$work"
git -C "$repo" worktree add -q "$work" HEAD
for name in "$@"; do
  (cd "$repo" && timeout 120 .venv/bin/mutmut show "$name" 2>/dev/null) | sed -n '/^--- /,$p' >"$work.diff"
  if ! (cd "$work" && git checkout -q -- . && patch -s -p0 <"$work.diff"); then
    echo "$name: patch failed (apply it by hand)"
    continue
  fi
  if (cd "$work" && PYTHONPATH="$work" timeout 90 nice -n 10 "$repo/.venv/bin/pytest" "$test" -x -q \
      -p no:randomly -p no:cacheprovider -m "not postgres" >"$work.out" 2>&1); then
    echo "$name: SURVIVES"
  else
    echo "$name: killed ($(grep -m1 -o 'FAILED [^ ]*' "$work.out" || echo time-out))"
  fi
done
git -C "$repo" worktree remove --force "$work"
rm -f "$work.diff" "$work.out"
