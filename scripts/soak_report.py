"""The verdict and plot of a scripts/soak.sh run: soak_report.py OUT-DIR MODE MINUTES DRIVER-STATUS.

Reads OUT-DIR/samples.tsv (seconds, process, heap_kb, rss_kb, fds, threads) and the drivers' JSON
counts; draws OUT-DIR/soak.png with gnuplot when installed; prints the verdict and exits 1 when a
figure of a process grows after the warm-up, or an acknowledged message was lost or changed.
"""
import datetime
import glob
import json
import os
import shutil
import subprocess
import sys

out, mode, minutes, status = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
samples = os.path.join(out, 'samples.tsv')
rows = [l.split('\t') for l in open(samples).read().split('\n')[1:] if l.strip()]
procs = sorted({r[1] for r in rows}, key=lambda p: (p != 'relay', p))
FIGURES = ['heap_kb', 'rss_kb', 'fds', 'threads']
# Growth from the first third of the steady samples to the last third allowed before a figure is
# said to grow: the larger of a share of the first third's mean and an absolute amount.
ALLOW = {'heap_kb': (0.10, 4096), 'rss_kb': (0.10, 32768), 'fds': (0.10, 16), 'threads': (0.05, 4)}

if shutil.which('gnuplot'):
    titles = ['heap used after full GC (KB)', 'RSS (KB)', 'open file descriptors', 'threads']
    lines = [
        'set terminal png size 1200,800',
        f'set output "{os.path.join(out, "soak.png")}"',
        f'set multiplot layout 2,2 title "parley {mode} soak, {minutes} min, '
        f'{datetime.date.today().isoformat()}"',
        'set xlabel "seconds"',
        'set key top left',
    ]
    for col, title in enumerate(titles, start=3):
        lines.append(f'set title "{title}"')
        parts = []
        for p in procs:
            data = os.path.join(out, f'samples-{p}.dat')
            with open(data, 'w') as f:
                for r in rows:
                    if r[1] == p:
                        f.write(' '.join([r[0]] + r[2:]) + '\n')
            parts.append(f'"{data}" using 1:{col - 1} with linespoints title "{p}"')
        lines.append('plot ' + ', '.join(parts))
    lines.append('unset multiplot')
    subprocess.run(['gnuplot'], input='\n'.join(lines) + '\n', text=True, check=False)

# A smoke run (SOAK_SMOKE=1, CI's two minutes) is too short to tell a trend from the messages in
# flight at a sample: its figures are printed, and only its messages judged.
smoke = os.environ.get('SOAK_SMOKE') == '1'
ok = True
for proc in procs:
    mine = [[float(r[0])] + [float(x) for x in r[2:]] for r in rows if r[1] == proc]
    # Warm-up: the first fifth of the run, at least 30 s.
    end = mine[-1][0] if mine else 0
    warm = max(30, end / 5)
    steady = [r for r in mine if r[0] >= warm]
    print(f'{proc}: {len(mine)} samples, {len(steady)} after the warm-up ({warm:.0f} s)')
    if len(steady) < 3:
        print('  too few samples after the warm-up to judge a trend')
        ok &= smoke
        continue
    third = max(1, len(steady) // 3)
    for i, name in enumerate(FIGURES, start=1):
        first = sum(r[i] for r in steady[:third]) / third
        last = sum(r[i] for r in steady[-third:]) / third
        lo, hi = min(r[i] for r in steady), max(r[i] for r in steady)
        rel, absolute = ALLOW[name]
        grows = last - first > max(first * rel, absolute)
        ok &= smoke or not grows
        print(f'  {name}: first third {first:.0f}, last third {last:.0f}, min {lo:.0f}, '
              f'max {hi:.0f}: {"GROWS" if grows else "flat"}{" (smoke run: not judged)" if smoke else ""}')

counts = {}
for f in sorted(glob.glob(os.path.join(out, '*.json'))):
    text = open(f).read().strip()
    name = os.path.basename(f)[:-5]
    counts[name] = json.loads(text) if text else {}
    print(f'{name}: {text or "(empty: the driver died)"}')
broken = [n for n, c in counts.items()
          if not c or c.get('corrupted', 1) or c.get('lost', 0) or c.get('garbage_left_open', 0)]
if mode == 'endpoints':
    # The endpoints' messages should all go through: failures mean the run did not soak what it
    # was meant to (a binding lapsed, the relay refused), even when each failure was reported.
    for n, c in counts.items():
        if c.get('send_failed', 0) or c.get('setup_failures', 0):
            print(f'{n}: {c.get("send_failed")} sends failed, {c.get("setup_failures")} set-up or'
                  f' refresh failures ({c.get("last_setup_failure")})')
            broken.append(n)
if mode == 'endpoints':
    a, b = counts.get('peer-a', {}), counts.get('peer-b', {})
    # Every message one side had acknowledged must have arrived intact at the other.
    for s, r, name in ((a, b, 'a to b'), (b, a, 'b to a')):
        promised = s.get('acknowledged', 0) - s.get('acknowledged_then_reported_failed', 0)
        if r.get('delivered', 0) < promised:
            print(f'{name}: {promised} acknowledged (and not reported failed), '
                  f'{r.get("delivered")} delivered')
            broken.append(name)
if status != 0 or broken:
    print(f'messages: lost or changed, or garbage left open (driver exit {status}; {broken})')
    ok = False
else:
    print('messages: every acknowledged message delivered byte for byte')
print('PASS' if ok else 'FAIL')
sys.exit(0 if ok else 1)
