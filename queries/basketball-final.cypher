// Who won the women's basketball final, the last gold of the Paris Games, against whom,
// and by how much?
MATCH (w:Country)-[r:wins]->(f:Event {name: "women's basketball final"})
OPTIONAL MATCH (w)-[b:beats]->(loser:Country)
RETURN w.name AS winner, loser.name AS opponent, r.margin_points AS margin_points,
       r.sources AS sources;
