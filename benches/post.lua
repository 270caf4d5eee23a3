-- wrk script: one valid 15-answer submission per request (no submission
-- token, so every request is a new response).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "email=anna.kowalska%40example.pl&nps=9&obsluga=Dobrze&kanaly=Znajomi&kanaly=Newsletter"
  .. "&produkt=Kawa+ziarnista&imie=Anna&uwagi=Dostawa+mog%C5%82aby+by%C4%87+szybsza%2C+kawa+%C5%9Bwietna."
  .. "&zakupy=3&urodziny=1990-05-17&dostawa=W+normie&opakowanie=4&platnosc=BLIK"
  .. "&czestotliwosc=Codziennie&sugestie=Wi%C4%99cej+herbat+zielonych&zgoda=1"
