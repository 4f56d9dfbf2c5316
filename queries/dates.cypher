// The dates the reports give: ceremonies, the Paralympic Games, Cruise's knighthood.
MATCH (e)-[r:held_on|starts_on|ends_on|knighted_on]->(d:Date)
RETURN d.date AS date, e.name AS what, type(r) AS how, r.sources AS sources
ORDER BY date;
