// At which landmarks were competitions of the Paris Games held?
MATCH (l:Landmark)-[r:hosts_competitions_for]->(:Event {name: 'Paris 2024 Olympics'})
RETURN l.name AS landmark, r.sources AS sources
ORDER BY landmark;
