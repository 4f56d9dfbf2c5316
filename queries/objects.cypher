// Every object the reports name and what happens to it: who carries, posts, plays or
// wears it, and where it goes or is fixed.
MATCH (o:Object)
MATCH (o)-[r]-(x)
WHERE type(r) <> 'mentions'
RETURN o.name AS object,
       CASE WHEN startNode(r) = o THEN type(r) + ' ' + x.name ELSE x.name + ' ' + type(r) END AS fact,
       r.sources AS sources
ORDER BY object, fact;
