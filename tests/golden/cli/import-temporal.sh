# Date and time columns of a CSV import take every form date(), localdatetime(),
# datetime(), localtime(), time() and duration() take: week, ordinal and basic-format
# dates, basic-format times, offsets and zone names. Each imported value equals the
# function applied to the same text.
events=../../fixtures/csv/temporal.csv
$KGQ --nodes=Event=$events --format csv -c 'MATCH (e:Event)
  RETURN e.id AS id, e.text AS text, e.on AS on, e.on = date(e.text) AS same,
         e.at AS at, e.zoned AS zoned, e.start AS start, e.clock AS clock, e.lasts AS lasts
  ORDER BY id'
echo "exit=$?"
$KGQ --nodes=Event=$events --format csv -c "MATCH (e:Event {id: 1})
  RETURN e.at = localdatetime('2015-W30-2T21:40:32') AS at,
         e.zoned = datetime('2015-W30-2T21:40+01:00') AS zoned,
         e.start = localtime('214032.142') AS start, e.clock = time('21:40:32+0100') AS clock,
         e.lasts = duration('P1Y2M3DT4H') AS lasts"
echo "exit=$?"
cd "$TMPDIR"
printf 'id:ID,d:date\na,2015-W54-1\n' > bad.csv
$KGQ --nodes=X=bad.csv -c 'RETURN 1'
echo "exit=$?"
