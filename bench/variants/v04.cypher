// a date-range filter: persons born in 1990, by gender
MATCH (p:Person)
WHERE p.birthday >= date('1990-01-01') AND p.birthday < date('1991-01-01')
RETURN p.gender AS gender, count(*) AS persons
ORDER BY gender;
