// Where was Tom Cruise seen filming before the Games, and when? (In the order r5 tells
// it: the Hollywood sign in March, then Paris in late April.)
MATCH (:Person {name: 'Tom Cruise'})-[r:spotted_at]->(spot)
RETURN spot.name AS place, r.period AS period, r.activity AS activity, r.sources AS sources
ORDER BY id(r);
