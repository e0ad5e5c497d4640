// Jest sequencer for the fault suite: the chaos soak first, then the rest by name.
// The soak's bounds (5 s per answer, 5 s idle in transaction) hold with the 5-minute PostgreSQL
// outage test running beside it (tools/test/faults.mjs), while the supervision tests' "back within
// 10 s" should not share the machine with that test's start — by the time the soak is over, the
// outage test is too.
const Sequencer = require('@jest/test-sequencer').default;

class FaultsSequencer extends Sequencer {
  sort(tests) {
    const rank = (path) => (path.includes('chaos-soak') ? 0 : 1);
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  }
}

module.exports = FaultsSequencer;
