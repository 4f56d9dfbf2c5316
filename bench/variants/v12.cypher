// top-k on a property: the youngest women, with what the sort does not need
MATCH (p:Person)
WHERE p.gender = 'female'
RETURN p.id AS id, p.name AS name, p.birthday AS birthday
ORDER BY birthday DESC, id LIMIT 10;
