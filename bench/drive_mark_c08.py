"""Mark a case to complete in tmux (docs/usability.md: C08 of the demo, before and after issue 13), keyboard only, deciding each key from the screen.

usage: python3 bench/drive_mark_c08.py SESSION CASEFILE NEXTKEY [READ TYPE]
(start the app in a tmux session SESSION at 80x24 first; see docs/usability.md)
NEXTKEY moves to the next question to answer: "]" (next unanswered, visits optional questions too)
or "}" (next required answer missing). Only required answers are given: an optional question landed
on is passed with NEXTKEY.
Pace: wait for the screen to settle after each key, then READ s before each key (reading the
question), and type text at TYPE s a character (defaults 1.0 and 0.15).
"""
import re, subprocess, sys, time, tomllib
S, CASE, NEXT = sys.argv[1:4]
READ, TYPE = (float(x) for x in sys.argv[4:6]) if len(sys.argv) > 5 else (1.0, 0.15)
REASON = "The plan names who does what and when, and the child agreed it with his mother."
BARS = "▁▂▃▄▅▆▇█▔"
def k(*a): subprocess.run(["tmux", "send-keys", "-t", S, *a], check=True)
def cap(): return subprocess.run(["tmux", "capture-pane", "-p", "-t", S], capture_output=True, text=True).stdout
def settle():
    last, t0 = None, time.monotonic()
    while time.monotonic() - t0 < 5:
        time.sleep(0.15); now = cap()
        if now == last: return now
        last = now
    return last
nav = decide = text = 0
typed = {}
def press(key):
    time.sleep(READ); k(key)
def typ(t):
    global text
    for ch in t:
        k("Space") if ch == " " else k("-l", ch); time.sleep(TYPE)
    text += len(t)
def pane(screen):
    rows = [l.split("▕", 1)[1].split("▏")[0] if "▕" in l else "" for l in screen.splitlines()]
    return [r.rstrip(BARS + " ") for r in rows]
def current(screen):
    mid = pane(screen)
    for i, r in enumerate(mid):
        m = re.match(r"^\s*(\S+)\s+(prompt|judgement|reasons|evidence)?\s*(required)?$", r)
        if m and re.match(r"^[A-Z]?\d", m.group(1)):
            qid, kind, req = m.groups()
            below = mid[i + 1:]
            listed = [r for r in below if "▊" in r and re.search(r"\d+ [○●]", r)]
            if listed:  # more than 9 options: an option list in a box
                return qid, "list", bool(req), any("●" in r for r in listed), below
            if "1/y" in "\n".join(below) or re.search(r"\d/\w? ?[○●]|^\s*\d+\s+[○●◉☐☒■]", "\n".join(below), re.M):
                answered = any(re.search(r"[●◉☒■]", r) for r in below if re.search(r"^\s*\d", r))
                return qid, "choice", bool(req), answered, below
            if "type the answer" in "\n".join(below):
                return qid, "line", bool(req), False, below
            if any("▊" in r for r in below[:4]) and not any("╭" in r for r in below[:4]):
                return qid, "line", bool(req), True, below
            box = []
            inside = False
            for r in below:
                if "╭" in r: inside = True; continue
                if "╰" in r: break
                if inside: box.append(r.strip(" │"))
            return qid, "area", bool(req), any(box), below
    return None
t0 = time.monotonic()
while True:
    screen = settle()
    head = "\n".join(screen.splitlines()[:2])
    if "required missing" not in head:
        break
    cur = current(screen)
    want = cur and not cur[3] and cur[2] and cur[0] not in typed
    if not want:
        press(NEXT); nav += 1
        continue
    qid, kind = cur[0], cur[1]
    if kind == "area":
        press("e"); typ(REASON); time.sleep(0.3); k("Escape"); decide += 2; typed[qid] = REASON
    elif kind == "line":
        val = "15" if "age" in "\n".join(cur[4]).lower() else "X" + qid
        press("e"); typ(val); k("Enter"); decide += 2; typed[qid] = val
    elif kind == "list":  # more than 9 options: into the list, the first one
        press("e"); time.sleep(0.3); k("Enter"); decide += 2; typed[qid] = 1
    elif "1/y" in "\n".join(cur[4]):
        press("y"); decide += 1; typed[qid] = "yes"
    else:
        press("1"); decide += 1; typed[qid] = 1
    if nav + decide > 600: print("gave up"); break
press("c"); decide += 1
screen = settle()
if "Complete" in screen and "complete ·" not in screen.splitlines()[0]:
    print(screen)
elapsed = time.monotonic() - t0
d = tomllib.load(open(CASE, "rb"))
print(f"keys {nav + decide + text} (navigation {nav}, answers {decide}, typed {text}), {elapsed / 60:.1f} min, status {d['status']}, answers in file {len(d['answers'])}")
bad = {q: (v, d['answers'].get(q)) for q, v in typed.items() if isinstance(v, str) and len(v) > 5 and d['answers'].get(q) != v}
print("typed texts", sum(1 for v in typed.values() if isinstance(v, str) and len(v) > 5), "not saved exactly", bad)
print(screen.splitlines()[0])
