// three hops to the country: persons per country
MATCH (p:Person)-[:LivesIn]->(:City)-[:CityIn]->(:State)-[:StateIn]->(co:Country)
RETURN co.country AS country, count(p) AS persons
ORDER BY country;
