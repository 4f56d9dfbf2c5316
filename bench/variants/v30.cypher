// a join on a property equality across two MATCHes: persons born on the same day as one of the first 100
MATCH (a:Person)
WHERE a.id <= 100
MATCH (b:Person)
WHERE b.birthday = a.birthday AND b.id <> a.id
RETURN count(*) AS pairs, count(DISTINCT b) AS persons;
