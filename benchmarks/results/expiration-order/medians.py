import json,glob,statistics,collections
d=collections.defaultdict(list)
for f in sorted(glob.glob("./*.json")):
    import os
    if os.path.getsize(f) == 0: continue
    side=f.split('/')[-1].split('-')[0]
    for r in json.load(open(f)):
        key=(r['benchmark'].split('.')[-1], r['params']['limit'])
        d[(key,side)].extend(r['primaryMetric']['rawData'][0])
        unit=r['primaryMetric']['scoreUnit']
for key in sorted({k for k,_ in d}):
    b=d.get((key,'base'),[]); n=d.get((key,'new'),[])
    if b and n:
        print(f"{key[0]:9s} limit={key[1]:>4s}  main median {statistics.median(b):12.1f} {unit} (n={len(b)})  branch median {statistics.median(n):10.1f} {unit} (n={len(n)})  ratio {statistics.median(b)/statistics.median(n):8.1f}x")
