import json, sys, collections
sys.path.insert(0, "/work/main")
from kg.eval.match import fold
from kg.eval.gold import load_gold
from pathlib import Path

def load(p):
    d = json.load(open(p))
    return {a['id']: a for a in d['per_article']}, d['totals']

HAPPEN = {"حمله","درگیری","تهاجم","ترور","سرنگونی","کودتا","حادثه","برخورد","تظاهرات","قیام","اشغال","زلزله","انفجار","مذاکرات","جنگ"}
def head(s): return fold(s.split()[0]) if s.split() else ""

def buckets(arts):
    B = collections.defaultdict(collections.Counter)
    for aid, a in arts.items():
        g = load_gold(Path(f"/work/main/tests/gold-sample/dev/{aid}.json"))
        fnp = a['fn'].get('persons', []); fpp = a['fp'].get('persons', [])
        for n in fnp:
            toks = set(fold(t) for t in n.split())
            if any(toks & set(fold(t) for t in f.split()) for f in fpp):
                B['persons FN']['name found with other boundaries'] += 1
            else:
                B['persons FN']['name not found (mostly foreign or untitled names)'] += 1
        for n in fpp:
            toks = set(fold(t) for t in n.split())
            if any(toks & set(fold(t) for t in f.split()) for f in fnp):
                B['persons FP']['wrong boundaries of a true name'] += 1
            else:
                B['persons FP']['not a person (street, saint, club, common word)'] += 1
        fnpost = a['fn'].get('posts', []); fppost = a['fp'].get('posts', [])
        missing_people = {fold(x) for x in fnp}
        for p in fnpost:
            person, rest = p.split(" — ", 1); role, org = rest.rsplit(" @ ", 1)
            if fold(person) in missing_people:
                B['posts FN']['holder not found as a person'] += 1
            elif any(f.startswith(person) or fold(f.split(' — ')[0]) == fold(person) for f in fppost):
                sysf = [f for f in fppost if fold(f.split(' — ')[0]) == fold(person)]
                if any(f.endswith('@ -') for f in sysf) and org != '-':
                    B['posts FN']['organization not attached'] += 1
                else:
                    B['posts FN']['other role words or organization'] += 1
            else:
                B['posts FN']['role not linked to its holder'] += 1
        for p in fppost:
            person = p.split(" — ")[0]
            if any(fold(x.split(' — ')[0]) == fold(person) for x in fnpost):
                continue  # counted with its FN twin
            B['posts FP']['post the gold does not hold'] += 1
        for e in a['fn'].get('events', []):
            if head(e) in {fold(h) for h in HAPPEN}:
                B['events FN']['happening told by a verbal noun (attack, clash, coup…)'] += 1
            elif any(head(f) == head(e) for f in a['fp'].get('events', [])):
                B['events FN']['found, named differently'] += 1
            else:
                B['events FN']['not found'] += 1
        for e in a['fp'].get('events', []):
            if len(e.split()) == 1:
                B['events FP']['bare trigger (دیدار، جشن…) the gold names fully'] += 1
            elif any(head(f) == head(e) for f in a['fn'].get('events', [])):
                B['events FP']['found, named differently'] += 1
            else:
                B['events FP']['not an event for the annotators (occasion, background, chain overrun)'] += 1
        for q in a['fn'].get('quotes', []):
            spk = q.split(":")[0]
            if fold(spk) in missing_people:
                B['quotes FN']['speaker not found as a person'] += 1
            elif any(x.split(":")[0] != spk for x in a['fp'].get('quotes', [])):
                B['quotes FN']['given to another speaker or cut'] += 1
            else:
                B['quotes FN']['statement not read (verb or span)'] += 1
        for q in a['fp'].get('quotes', []):
            B['quotes FP']['wrong speaker or span'] += 1
        for p in a['fn'].get('participation', []):
            person, rest = p.split(" — ", 1); how, ev = rest.split(" @ ", 1)
            if fold(person) in missing_people:
                B['participation FN']['person not found'] += 1
            elif ev in a['fn'].get('events', []):
                B['participation FN']['event not found or named differently'] += 1
            else:
                B['participation FN']['link not read'] += 1
        for p in a['fp'].get('participation', []):
            B['participation FP']['wrong person, event or kind'] += 1
        for o in a['fn'].get('organizations', []):
            if any(head(f) == head(o) for f in a['fp'].get('organizations', [])):
                B['organizations FN']['found, named differently'] += 1
            else:
                B['organizations FN']['not found (foreign clubs, media, implied bodies)'] += 1
        for o in a['fp'].get('organizations', []):
            if any(head(f) == head(o) for f in a['fn'].get('organizations', [])):
                B['organizations FP']['found, named differently'] += 1
            elif fold(o).startswith(fold("تیم")):
                B['organizations FP']['a team by its place (annotators differ)'] += 1
            elif len(o.split()) <= 2:
                B['organizations FP']['short or generic name (مجلس، شورای شهر، a head and one word)'] += 1
            else:
                B['organizations FP']['chain too long or a unit the gold does not list'] += 1
        for s in a['fn'].get('suborganizations', []):
            B['suborganizations FN']['unit not named as inside its parent'] += 1
        for s in a['fp'].get('suborganizations', []):
            B['suborganizations FP']['provincial branch or news desk the gold does not list'] += 1
    return B

before, tb = load(sys.argv[1]); after, ta = load(sys.argv[2])
B0, B1 = buckets(before), buckets(after)
for t in ['persons', 'organizations', 'events', 'posts', 'participation', 'quotes', 'suborganizations']:
    c0, c1 = tb[t], ta[t]
    print(f"\n### {t}: F1 {c0['f1']:.2f} → {c1['f1']:.2f} (tp/fp/fn {c0['tp']}/{c0['fp']}/{c0['fn']} → {c1['tp']}/{c1['fp']}/{c1['fn']})\n")
    print("| error | cause | before | after |\n|---|---|---:|---:|")
    for kind in ("FN", "FP"):
        key = f"{t} {kind}"
        causes = sorted(set(B0[key]) | set(B1[key]), key=lambda c: -B0[key][c])
        for c in causes:
            print(f"| {'miss' if kind == 'FN' else 'false'} | {c} | {B0[key][c]} | {B1[key][c]} |")
