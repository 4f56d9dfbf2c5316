// fixture: pets
// The examples of Neo4j's Cypher manual, "EXISTS subqueries", "COUNT subqueries" and
// "COLLECT subqueries", with its results.
MATCH (person:Person) WHERE EXISTS { (person)-[:HAS_DOG]->(:Dog) } RETURN person.name AS name;
MATCH (person:Person) WHERE EXISTS { MATCH (person)-[:HAS_DOG]->(dog:Dog) WHERE person.name = dog.name } RETURN person.name AS name;
MATCH (person:Person) WHERE EXISTS { MATCH (person)-[:HAS_DOG]->(dog:Dog) WHERE EXISTS { MATCH (dog)-[:HAS_TOY]->(toy:Toy) WHERE toy.name = 'Banana' } } RETURN person.name AS name;
MATCH (person:Person) RETURN person.name AS name, EXISTS { MATCH (person)-[:HAS_DOG]->(:Dog) } AS hasDog;
MATCH (person:Person) RETURN person.name AS name, EXISTS { MATCH (person)-[:HAS_DOG]->(:Dog) UNION MATCH (person)-[:HAS_CAT]->(:Cat) } AS hasPet;
MATCH (person:Person) WHERE EXISTS { WITH 'Ozzy' AS dogName MATCH (person)-[:HAS_DOG]->(d:Dog) WHERE d.name = dogName } RETURN person.name AS name;
MATCH (person:Person) WHERE COUNT { (person)-[:HAS_DOG]->(:Dog) } > 1 RETURN person.name AS name;
MATCH (person:Person) WHERE COUNT { (person)-[:HAS_DOG]->(dog:Dog) WHERE person.name = dog.name } = 1 RETURN person.name AS name;
MATCH (person:Person) RETURN person.name AS name, COUNT { MATCH (person)-[:HAS_DOG]->(dog:Dog) RETURN dog.name AS petName UNION MATCH (person)-[:HAS_CAT]->(cat:Cat) RETURN cat.name AS petName } AS numPets;
MATCH (person:Person) WHERE COUNT { WITH 'Ozzy' AS dogName MATCH (person)-[:HAS_DOG]->(d:Dog) WHERE d.name = dogName } = 1 RETURN person.name AS name;
MATCH (person:Person) RETURN person.name, COUNT { (person)-[:HAS_DOG]->(:Dog) } AS howManyDogs;
MATCH (person:Person) WHERE person.name = 'Andy' SET person.howManyDogs = COUNT { (person)-[:HAS_DOG]->(:Dog) } RETURN person.howManyDogs AS howManyDogs;
MATCH (person:Person) RETURN CASE WHEN COUNT { (person)-[:HAS_DOG]->(:Dog) } > 1 THEN 'Doglover ' + person.name ELSE person.name END AS result;
MATCH (count:Person) RETURN count { .name } AS m;
MATCH (person:Person) WHERE 'Ozzy' IN COLLECT { MATCH (person)-[:HAS_DOG]->(dog:Dog) RETURN dog.name } RETURN person.name AS name;
MATCH (person:Person) RETURN person.name AS name, COLLECT { MATCH (person)-[r:HAS_DOG]->(dog:Dog) WHERE r.since > 2017 RETURN dog.name } AS youngDogs;
MATCH (person:Person) RETURN person.name AS name, COLLECT { MATCH (person)-[:HAS_DOG]->(dog:Dog) RETURN dog.name AS petName ORDER BY petName UNION MATCH (person)-[:HAS_CAT]->(cat:Cat) RETURN cat.name AS petName } AS petNames;
MATCH (person:Person) RETURN person.name AS name, COLLECT { MATCH (person)-[:HAS_DOG]->(d:Dog) RETURN d.name ORDER BY d.name DESC } AS dogs;
MATCH (person:Person) RETURN person.name AS name, COLLECT { MATCH (person)-[:HAS_DOG]->(d:Dog) RETURN count(d) } AS n;
// errors
MATCH (person:Person) RETURN COLLECT { MATCH (person)-[:HAS_DOG]->(d:Dog) RETURN d.name, d } AS two;
MATCH (person:Person) RETURN COLLECT { MATCH (person)-[:HAS_DOG]->(d:Dog) } AS none;
MATCH (person:Person) RETURN COUNT { MATCH (person)-[:HAS_DOG]->(d:Dog) SET d.seen = true } AS n;
MATCH (person:Person) RETURN EXISTS { MATCH (person)-->(d) RETURN d UNION MATCH (person)<--(d) } AS b;
