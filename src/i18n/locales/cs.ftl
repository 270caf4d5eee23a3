# Administrace ankieteru česky. Každá zpráva musí být i v en.ftl a pl.ftl
# (kontroluje to test). Zprávy končící na -html smějí obsahovat <code>, <em>,
# <strong> a <kbd> a nepřijímají argumenty.

## Rozvržení stránky

admin-title-suffix = administrace ankieteru
skip-to-content = Přejít na obsah
nav-label = Hlavní nabídka
nav-dashboard = Přehled
nav-surveys = Dotazníky
nav-deliveries = Odesílání
nav-contacts = Kontakty
nav-contact-center = Kontaktní centrum
nav-tokens = Tokeny API
nav-settings = Nastavení
language-switch-label = Jazyk administrace
language-unknown = Tento jazyk není k dispozici.
sign-out = Odhlásit
paused-title = Odesílání do SALESmanago je pozastaveno.
paused-what-to-do = Odpovědi jsou uložené a odešlou se po odstranění problému: opravte nastavení API (uložením se odesílání obnoví), nebo odesílání obnovte, pokud byl problém vyřešen na straně SALESmanago.
paused-settings-link = Otevřít nastavení SALESmanago
paused-resume = Obnovit odesílání
times-in-zone = Časy jsou uvedeny v časovém pásmu { $zone }.

## Společná slova

button-save = Uložit
button-create = Vytvořit
delete = Smazat
none = žádné
never = nikdy
not-set = nenastaveno
state-on = zapnuto
state-off = vypnuto
copy-it-now = Zkopírujte si jej hned: znovu se nezobrazí.
secret-stored-encrypted = Je uložen zašifrovaně a nikdy se nezobrazuje.
test-connection = Otestovat spojení
field-email = E-mail
field-password = Heslo
filter-any = jakýkoli
filter-button = Filtrovat
filter-pending = čekající nebo opakované
filter-not-sent = neodesílané (SALESmanago vypnuto)
filter-date-invalid = Zadejte datum ve tvaru RRRR-MM-DD.
filter-status-invalid = Vyberte stav odeslání.
no-attempt-yet = Zatím žádný pokus.
responses-count = { $count ->
    [one] { $count } odpověď
    [few] { $count } odpovědi
   *[other] { $count } odpovědí
}

## Sloupce tabulek

col-survey = Dotazník
col-responses = Odpovědi
col-delivered-24h = Odesláno (24 h)
col-retrying = Opakuje se
col-paused = Pozastaveno
col-failed-24h = Selhalo (24 h)
col-link = Odkaz
col-export = Export
col-name = Název
col-created = Vytvořeno
col-last-used = Naposledy použit
col-state = Stav
col-status = Stav
col-from = Zdroj
col-attempts = Pokusy
col-detail = Podrobnosti
col-time = Čas
col-outcome = Výsledek
col-call = Volání
col-salesmanago-said = Odpověď SALESmanago
col-property = Vlastnost
col-value = Hodnota
col-tags = Štítky
col-received = Přijato
col-delivery = Odeslání
col-question = Otázka
col-answer = Odpověď

## Stavy odeslání a výsledky pokusů

status-pending = čeká
status-delivered = odesláno
status-failed = selhalo
status-paused = pozastaveno
status-skipped = přeskočeno
status-ignored = ignorováno
status-retry = zopakuje se
status-not-sent = neodesílá se

## Typy otázek

kind-email = E-mailová adresa
kind-text = Krátký text
kind-textarea = Dlouhý text
kind-single = Výběr jedné možnosti
kind-multi = Výběr více možností
kind-dropdown = Rozbalovací seznam
kind-scale = Škála
kind-number = Číslo
kind-date = Datum
kind-consent = Souhlas

## Přihlášení a chyby

login-title = Přihlášení
login-heading = Přihlášení do ankieteru
login-button = Přihlásit se
login-email-too-long = Toto není e-mailová adresa: je příliš dlouhá.
login-too-many = { $count ->
    [one] Příliš mnoho pokusů o přihlášení. Počkejte { $count } sekundu a zkuste to znovu.
    [few] Příliš mnoho pokusů o přihlášení. Počkejte { $count } sekundy a zkuste to znovu.
   *[other] Příliš mnoho pokusů o přihlášení. Počkejte { $count } sekund a zkuste to znovu.
}
login-wrong = E-mail nebo heslo není správné.
login-failed-our-side = Přihlášení selhalo na naší straně. Zkuste to za chvíli znovu.
error-title = Něco se pokazilo
error-title-refused = Toto nelze provést
error-title-forbidden = Nepovoleno
error-title-not-found = Nenalezeno
error-title-unavailable = Dočasně nedostupné
error-back = Zpět na přehled
error-not-found = Nic tu není, nebo to patří jinému účtu.
error-our-side = Na naší straně se něco pokazilo. Zkuste to za chvíli znovu.
error-database-away = Databáze je na chvíli nedostupná; nic se nezměnilo. Zkuste to za chvíli znovu.
error-form-unreadable = Formulář se nepodařilo přečíst.
error-form-expired = Platnost formuláře vypršela, nebo nepochází z této stránky. Vraťte se, načtěte stránku znovu a zkuste to ještě jednou.

## Přehled a dotazníky

dashboard-title = Přehled
dashboard-not-configured = Přístup k SALESmanago zatím není nastaven: odpovědi se ukládají, ale neodesílají.
dashboard-set-up = Nastavit SALESmanago
dashboard-caption = Dotazníky a jejich odesílání do SALESmanago
dashboard-not-sent = Neodesílá se do SALESmanago
surveys-title = Dotazníky
surveys-new = Nový dotazník
surveys-import = Importovat JSON
surveys-none = Zatím žádné dotazníky.
surveys-create-one = Vytvořit dotazník
surveys-import-one = Importovat soubor JSON
flash-survey-saved = Dotazník „{ $title }“ byl uložen.
flash-survey-imported = Dotazník „{ $title }“ byl importován.

## Editor dotazníku

editor-new-title = Nový dotazník
editor-edit-title = Úprava dotazníku
editor-open-survey = Otevřít dotazník
editor-export-json = Exportovat JSON
editor-duplicate = Duplikovat
survey-copy-title = Kopie: { $title }
editor-embed = Vložení na web
editor-embed-inline-html = Vložte tento kód tam, kde se má dotazník zobrazit. Sám si upraví výšku, předá <code>smclientid</code> a skrytá pole z adresy stránky a po odeslání vyvolá událost <code>ankieter:submitted</code>.
editor-embed-popup-html = Jako okno otevírané tlačítkem (přidejte <code>data-delay="10"</code>, aby se otevřelo samo po 10 sekundách):
editor-not-saved = Dotazník nebyl uložen: opravte označená pole.
editor-save = Uložit dotazník
editor-preview = Náhled dat pro SALESmanago
editor-survey = Dotazník
editor-field-title = Název
editor-field-slug = Adresa (slug)
editor-slug-fixed = Adresu nelze po vytvoření dotazníku změnit: už je v odeslaných e-mailech.
editor-slug-hint = Malá písmena, číslice a pomlčky: dotazník bude na adrese /s/slug.
editor-field-description = Popis
editor-field-language = Jazyk stránky dotazníku
editor-field-thank-you = Text poděkování
editor-availability = Přijímání odpovědí
editor-closed = Uzavřený: stránka dotazníku zdvořile oznámí, že už nepřijímá odpovědi
editor-opens-at = Otevření (nepovinné)
editor-closes-at = Uzavření (nepovinné)
editor-schedule-hint = Časy v časovém pásmu { $zone }. Před otevřením a po uzavření to stránka dotazníku oznámí místo formuláře.
editor-max-responses = Limit odpovědí (nepovinné)
editor-max-responses-hint = Jakmile dotazník nasbírá tolik odpovědí, jeho stránka poděkuje a další nepřijme. Prázdné: bez limitu.
editor-retention-days = Uchovávat odpovědi tohoto dotazníku (dní)
editor-retention-days-hint = Prázdné: tak dlouho, jak účet uchovává odpovědi (Nastavení → Osobní údaje). Starší odpovědi se denně mažou i s jejich odesláními.
page-preview-title = Stránka pro respondenta
page-preview-show = Zobrazit stránku
page-preview-note = Náhled: takto respondenti stránku uvidí. Odsud se nic neodešle.
page-preview-mistakes = Stránka se tu zobrazí, až dotazník nebude mít chyby:
page-preview-width = Šířka
page-preview-desktop = Počítač
page-preview-phone = Telefon
page-preview-hint = Mění se spolu s úpravami; bez JavaScriptu stiskněte „Zobrazit stránku“. Nic se neuloží, dokud neuložíte.
editor-access = Přístup
editor-field-access = Kdo může odpovídat
access-open = Kdokoli s odkazem
access-password = Kdokoli s odkazem a heslem
access-once-per-browser = Jednou v každém prohlížeči
editor-field-password = Heslo (pro přístup s heslem)
editor-field-sites = Weby, které smějí dotazník vložit (jedna adresa na řádek, např. https://www.example.cz; prázdné: jakýkoli web)
editor-field-hidden = Skrytá pole převzatá z odkazu na dotazník (jeden název na řádek, např. utm_source)
editor-hidden-hint = Odkaz jako { $link } uloží hodnotu spolu s odpovědí a odešle ji jako prefix vlastnosti + název.
editor-sm-enabled = Odesílat výsledky do SALESmanago
editor-sm-tag = Štítek přidaný kontaktu
editor-signed-links = Přijímat smclientid jen z podepsaných odkazů
editor-survey-event-html = Přidávat také každou odpověď na časovou osu kontaktu (událost <code>SURVEY</code>)
editor-survey-event-hint = Odesílá se po zápisu vlastností: název dotazníku, identifikátor odpovědi, název odkazu dotazníku a hodnocení.
editor-survey-event-short = Událost na časové ose (SURVEY)
editor-score-question = Otázka s hodnocením (škála 0–10, nepovinné)
editor-questions = Otázky
editor-question-n = Otázka { $number }
editor-q-text = Znění
editor-q-type = Typ
editor-q-id = Identifikátor
editor-q-required = Povinná
editor-q-options = Možnosti (pro výběry a seznamy: jedna na řádek)
editor-q-min = Min. (škála, číslo)
editor-q-max = Max. (škála, číslo)
editor-q-opt-in = Souhlas: zaškrtnutí přihlásí kontakt k e-mailům (forceOptIn)
editor-q-property = Vlastnost v SALESmanago:
editor-q-up = Nahoru
editor-q-down = Dolů
editor-q-remove = Odebrat
editor-q-up-label = Posunout otázku { $number } nahoru
editor-q-down-label = Posunout otázku { $number } dolů
editor-q-remove-label = Odebrat otázku { $number }
editor-add-question = Přidat otázku
editor-q-key = Klíč v SALESmanago za prefixem (nepovinné)
editor-q-key-hint = Prázdné: klíč vychází ze znění otázky. Připněte klíč (např. nps), aby se při změně znění neměnil.
keys-change-title = Zatím neuloženo: SALESmanago by dostalo nové klíče vlastností.
keys-change-why = Tyto otázky už mají odpovědi odeslané pod starým klíčem. Segmenty, pravidla a přehledy postavené na starém klíči přestanou zahrnovat nové odpovědi.
keys-pin-old = Ponechat staré klíče a uložit
keys-take-new = Použít nové klíče a uložit
key-warning-numbered = Otázka výše má stejný klíč, proto tato dostala číslo. Přeformulujte otázku, aby měla vlastní klíč.
key-warning-long = { $count ->
    [one] Klíč má { $count } znak: kratší znění otázky dá šikovnější klíč.
    [few] Klíč má { $count } znaky: kratší znění otázky dá šikovnější klíč.
   *[other] Klíč má { $count } znaků: kratší znění otázky dá šikovnější klíč.
}
preview-title = Náhled dat pro SALESmanago
preview-nothing-sent = Pro ukázkovou odpověď by se nic neodeslalo:
preview-call = Ukázková odpověď odešle tato data (tajná pole skryta) voláním
preview-event = Potom, u kontaktu, do kterého se zapsalo, odpověď jako událost SURVEY (pokud toto volání selže, opakuje se jen ono):
preview-cut = Ukázková odpověď pro { $key } byla zkrácena na 255 znaků; celá odpověď zůstává uložená v ankieteru.
preview-smclientid-note = Při otevření z e-mailu SALESmanago (?smclientid=…) jdou stejné vlastnosti a štítky do contact/update s contactId místo e-mailu.
import-title = Import dotazníku
import-intro-html = Vložte dotazník ve formátu JSON ankieteru (ve formátu, který čte <code>ankieter survey import</code> a zapisuje odkaz Exportovat). Dotazník tohoto účtu se stejnou adresou bude nahrazen.
import-field = JSON dotazníku
import-button = Importovat

## Odpovědi

responses-title = Odpovědi
responses-from = Od (datum)
responses-to = Do (datum, včetně)
responses-export-csv = Exportovat CSV
responses-export-csv-excel = Exportovat CSV pro Excel (oddělené ;)
responses-export-csv-comma = CSV oddělené čárkami
responses-export-xlsx = Sešit Excelu (XLSX)
responses-none = Žádné odpovídající odpovědi.
responses-older = Starší odpovědi
response-title = Odpověď
response-id = Identifikátor
response-answers = Odpovědi na otázky
response-no-answers = Na žádnou otázku nebylo odpovězeno.
response-delivery = Odeslání do SALESmanago
response-delivery-details = podrobnosti odeslání
response-not-sent = Tato odpověď nebyla odeslána: dotazník v době jejího odeslání neposílal výsledky do SALESmanago.
export-filters-invalid = Filtry exportu nejsou platné: opravte je na stránce odpovědí.

results-title = Výsledky
results-per-day = Odpovědi za den
results-other = jiné odpovědi (už nenabízené)
results-answers = { $count ->
    [one] { $count } odpověď
    [few] { $count } odpovědi
   *[other] { $count } odpovědí
}
results-average = odpovědí: { $count }, průměr { $average }
results-number = odpovědí: { $count }, průměr { $average }, od { $min } do { $max }
results-ticked = { $count ->
    [one] zaškrtnuto { $count }krát
   *[other] zaškrtnuto { $count }krát
}
results-nps = NPS { $score }
results-promoters = { $count ->
    [one] { $count } propagátor
    [few] { $count } propagátoři
   *[other] { $count } propagátorů
}
results-passives = { $count ->
    [one] { $count } neutrální
   *[other] { $count } neutrálních
}
results-detractors = { $count ->
    [one] { $count } kritik
    [few] { $count } kritici
   *[other] { $count } kritiků
}
results-latest = Nejnovější odpovědi

## Odesílání

deliveries-title = Odesílání do SALESmanago
deliveries-kind = Druh
deliveries-kind-responses = odpovědi z dotazníků
deliveries-kind-events = události z kontaktního centra
deliveries-kind-webhooks = odeslání na webhook
deliveries-retry-failed = Zopakovat všechna neúspěšná odeslání
deliveries-none = Žádná odpovídající odeslání.
deliveries-newest = { $count ->
    [one] Nejnovější { $count }.
    [few] Nejnovější { $count }.
   *[other] Nejnovějších { $count }.
}
delivery-title = Odeslání
delivery-contact = Kontakt
delivery-contact-id = Identifikátor kontaktu v SALESmanago
delivery-next-attempt = Další pokus
delivery-why = Proč
delivery-last-error = Poslední chyba
delivery-steps = Kroky
delivery-retry-now = Zopakovat nyní
delivery-what-is-sent = Co se odesílá
delivery-cut = zkráceno na 255 znaků
delivery-opt-in = souhlas s e-maily (forceOptIn)
delivery-then-event = Potom odpověď jako externí událost u kontaktu, do kterého se zapsalo:
delivery-ext-event = Externí událost:
delivery-detail-delivered = kontakt { $contact }, { $at }
delivery-detail-waiting = čeká na odeslání
delivery-detail-retrying = další pokus { $at } (naposledy: { $error })
detail-the-response = odpověď
detail-the-survey = dotazník
detail-score = hodnocení
detail-queue-id = identifikátor fronty
detail-queue-name = název fronty
detail-rating = hodnocení
detail-handled-by = vyřizuje
detail-wait-time = doba čekání, s
detail-talk-time = doba hovoru, s
target-email = vložení nebo aktualizace podle e-mailu { $email }
target-contact = aktualizace kontaktu { $contact }
target-contact-or-email = aktualizace kontaktu { $contact } (nebo podle e-mailu { $email }, pokud neexistuje)
target-nobody = nikdo: { $reason }
missing-ignored = ignoruje se, pokud SALESmanago takový kontakt nemá
missing-added = kontakt se přidá, pokud chybí
missing-added-tag = kontakt se přidá, pokud chybí, se štítkem { $tags }
step-properties = Vlastnosti a štítky
step-survey-event = Událost SURVEY
step-written = zapsáno
step-added = přidáno
step-again = zopakuje se: { $error }
step-failed = selhalo (viz poslední chyba)
step-follows-properties = neodesláno: následuje po vlastnostech
step-not-yet = zatím ne
step-after-properties = po vlastnostech
flash-retry-one = Odeslání se nyní zopakuje.
flash-retry-nothing = Není co opakovat: odeslání je hotové, přeskočené, nebo právě probíhá.
flash-retry-failed = { $count ->
    [one] { $count } neúspěšné odeslání se nyní zopakuje.
    [few] { $count } neúspěšná odeslání se nyní zopakují.
   *[other] { $count } neúspěšných odeslání se nyní zopakuje.
}
flash-resumed = { $count ->
    [0] Odesílání obnoveno; nic nečekalo.
    [one] Obnoveno { $count } pozastavené odeslání: odešle se nyní.
    [few] Obnovena { $count } pozastavená odeslání: odešlou se nyní.
   *[other] Obnoveno { $count } pozastavených odeslání: odešlou se nyní.
}

## Nastavení SALESmanago

sm-title = Přístup k API SALESmanago
sm-intro-html = Tyto údaje najdete v SALESmanago v <em>Nastavení → Integrace → API</em>. Používá je každý dotazník tohoto účtu, který odesílá výsledky do SALESmanago.
sm-endpoint = Endpoint (server)
sm-client-id = Client ID
sm-owner = E-mail vlastníka (uživatel SALESmanago, kterému se kontakty přiřazují)
sm-secret = API Secret
sm-secret-saved = Klíč je uložen (končí na „…{ $last }“). Nechte prázdné, chcete-li jej ponechat.
sm-secret-none = Zatím není uložen žádný klíč.
sm-prefix = Prefix vlastností
sm-prefix-hint-html = Každá odpověď se stane vlastností kontaktu: prefix + otázka, např. <code>dotaznik.Vase-hodnoceni?</code> pro „Vaše hodnocení?“. Polské účty používají <code>ankieta.</code>
sm-test-explained = Zeptá se SALESmanago s uloženým nastavením, zda je e-mail vlastníka kontaktem: ověří endpoint, Client ID, klíč a vlastníka, aniž by cokoli změnil.
sm-test-ok = Spojeno: { $endpoint } přijal Client ID, klíč i vlastníka.
sm-test-refused = SALESmanago odmítlo přístupové údaje: { $message }
sm-test-unreachable = Na této adrese se nepodařilo spojit se SALESmanago, nebo odpověď nevypadala jako odpověď SALESmanago.
sm-test-not-salesmanago = Toto není API SALESmanago: { $message }
flash-sm-saved = Nastavení SALESmanago bylo uloženo.

## Kontakty

contacts-intro = Co SALESmanago ví o zákazníkovi a co ankieter odeslal pro jeho e-mail.
contacts-show = Zobrazit
contacts-email-invalid = Zadejte celou e-mailovou adresu, např. jan@example.com.
contacts-company = Firma
contacts-phone = Telefon
contacts-score = Body
contacts-modified = Změněno
contacts-last-visit = Poslední návštěva
contacts-email-marketing = E-mailový marketing
contacts-opted-out = odhlášen
contacts-opted-in = přihlášen
contacts-sm-id = Identifikátor v SALESmanago
contacts-properties = Vlastnosti
contacts-not-found = Není v SALESmanago: žádný kontakt nemá tento e-mail.
contacts-sent = Odeslal ankieter
contacts-nothing-yet = Zatím nic.
contacts-what = Co
contacts-survey-response = odpověď z dotazníku
contacts-embed = Takto kartu zobrazí boční panel helpdesku; odkaz platí 15 minut.
contacts-embed-open = Otevřít kartu pro vložení
contacts-card-key = Pro widget helpdesku vytvořte klíč karty
contact-not-set-up = SALESmanago není pro tento účet nastaveno: { $why }
contact-credentials = SALESmanago odmítlo přístupové údaje účtu: zkontrolujte je na stránce SALESmanago.
contact-no-answer = SALESmanago právě neodpovídá; zkuste to za chvíli znovu.
contact-answered = Odpověď SALESmanago: { $message }
contact-too-many = { $count ->
    [one] Příliš mnoho vyhledávání kontaktů pro tento účet; zkuste to znovu za { $count } sekundu.
    [few] Příliš mnoho vyhledávání kontaktů pro tento účet; zkuste to znovu za { $count } sekundy.
   *[other] Příliš mnoho vyhledávání kontaktů pro tento účet; zkuste to znovu za { $count } sekund.
}

## Kontaktní centrum

cc-intro = Interakce se zákazníky v kontaktním centru (zprávy v požadavcích, hodnocení, uzavření, chaty, hovory) se stávají externími událostmi kontaktu v SALESmanago, na které mohou reagovat pravidla automatizace.
cc-none = Zatím žádná integrace.
cc-integration = Integrace
cc-events = Události
cc-forwarded = Předávané
cc-forwarded-summary = požadavky { $tickets }, chaty { $chats }, hovory { $calls }
cc-thulium-api = API Thulium
cc-polled = dotazováno
cc-new = Nová integrace
cc-new-name = Název (3–36 písmen, číslic, „-“ nebo „_“: umístění událostí v SALESmanago)
cc-name-placeholder = thulium-hlavni
cc-create = Vytvořit integraci
cc-created = Integrace byla vytvořena. Nastavte webhook v Thuliu s údaji níže.
cc-not-saved = Nastavení nebylo uloženo:
cc-webhooks = Webhooky Thulia
cc-webhooks-where-html = V Thuliu: <em>Administrace → Pokročilé → Webhooky</em>, s touto adresou a údaji HTTP Basic.
cc-webhook-url = Adresa webhooku
cc-webhook-user = Uživatel
cc-password-shown-once = zobrazí se jednou při vygenerování; ukládá se jen otisk
cc-new-password = Nové heslo webhooku
cc-new-credentials = Nové údaje webhooku: původní už neplatí. Zadejte je v Thuliu.
cc-other-systems = Jakýkoli jiný systém posílá interakce s tokenem API a názvem integrace:
cc-location-hint = Události nesou toto umístění v SALESmanago:
cc-prefix = Prefix událostí
cc-prefix-hint = pravidla automatizace SALESmanago rozpoznávají události podle těchto názvů.
cc-queues-html = Předávané fronty (identifikátory oddělené čárkami, <code>all</code> nebo <code>none</code>)
cc-ticket-queues = Fronty požadavků
cc-chat-queues = Fronty chatů
cc-call-queues = Fronty infolinky (hovorů)
cc-missing-contacts = Kontakty, které SALESmanago nemá
cc-missing-ignore = Událost ignorovat (v Odesílání jako ignorovaná)
cc-missing-add = Přidat kontakt podle e-mailu (bez souhlasů), potom událost
cc-new-contact-tag = Štítek pro přidané kontakty (nepovinné)
cc-event-type = Typ události v SALESmanago
cc-thulium-api-title = API Thulia (požadavky)
cc-thulium-api-intro = S uživatelem API čte ankieter každou minutu požadavky: e-maily zákazníků a první uzavření se stávají událostmi.
cc-thulium-url = Adresa Thulia
cc-thulium-user = Uživatel API
cc-thulium-password = Heslo API
cc-thulium-password-saved = Heslo je uloženo. Nechte prázdné, chcete-li jej ponechat.
cc-stop-polling = Přestat dotazovat
cc-test-event = Odeslat testovací událost
cc-test-email = E-mail kontaktu
cc-test-email-missing = Zadejte e-mail kontaktu, kterému se má testovací událost odeslat.
cc-test-interaction = Interakce
cc-test-send = Odeslat testovací událost
cc-deliveries-link = Odesílání z kontaktního centra tohoto účtu
cc-delete = Smazat { $name } i s odesíláním
flash-cc-saved = Integrace byla uložena. Nové interakce se řídí tímto nastavením; události ve frontě si ponechávají své.
flash-cc-deleted = Integrace { $name } byla smazána i s odesíláním.
flash-thulium-removed = API Thulia se už nedotazuje; uživatel API byl zapomenut.
flash-thulium-saved = Uživatel API Thulia byl uložen: požadavky se čtou od příštího dotazu.
flash-test-event = Testovací událost čeká ve frontě; tato stránka ukazuje, co se s ní děje.
thulium-test-no-user = Není uložen žádný uživatel API Thulia.
thulium-test-ok = Spojeno: { $url } přijal uživatele API.
thulium-test-unreachable = Na této adrese se nepodařilo spojit s Thuliem, nebo odpověď nevypadala jako odpověď Thulia.

## Tokeny API

tokens-title = Tokeny API a klíče karet
tokens-intro-html = <strong>Tokeny API</strong> umožňují jiným nástrojům používat JSON API tohoto účtu (posílají se jako <code>Authorization: Bearer …</code>). <strong>Klíče karet</strong> otevírají jen kartu kontaktu pro čtení, pro boční panel nebo widget helpdesku, nikdy API. Ukládá se jen otisk.
tokens-api-docs = Popis JSON API
tokens-card-link = Karta kontaktu
tokens-card-url-html = Adresa karty pro helpdesk (místo hodnoty <code>email</code> vložte e-mail zákazníka zakódovaný pro URL):
tokens-new-for = Nový token pro
tokens-name-placeholder = tvorba vstupních stránek
tokens-kind = Druh
token-kind-api = Token API
token-kind-card = Klíč karty
token-kind-card-long = Klíč karty (jen karta kontaktu)
tokens-revoke = Zneplatnit
tokens-revoke-label = Zneplatnit token { $name }
tokens-revoked-at = zneplatněn { $at }
flash-token-revoked = Token byl zneplatněn: volání s ním už nefungují.

## Nastavení

settings-title = Nastavení
settings-account = Tento účet
settings-time-zone = Časové pásmo
settings-time-zone-hint = Všichni správci tohoto účtu vidí časy v tomto pásmu. Uložené časy se nemění.
settings-time-zone-unknown = Vyberte časové pásmo ze seznamu.
settings-you = Vy
settings-language = Jazyk administrace
settings-language-account = Podle účtu: { $language }
settings-language-hint = Jen pro vás; ostatní správci si ponechávají svůj. Mění jej také přepínač v záhlaví stránky.
flash-settings-saved = Nastavení bylo uloženo.

## Templates to start from
starters-title = Začít od šablony
starters-hint = Nový dotazník se otevře v editoru; nic se neuloží, dokud ho neuložíte. Jeho klíče v SALESmanago jsou připnuté, takže přeformulování otázky je nezmění.
starter-nps = Net Promoter Score (NPS)
starter-nps-about = jak pravděpodobně by vás zákazníci doporučili (0–10) a proč
starter-satisfaction = Spokojenost zákazníků (CSAT)
starter-satisfaction-about = hodnocení péče na stupnici 1–5, zda byl požadavek vyřešen, co zlepšit
starter-lead = Kontaktní formulář (lead)
starter-lead-about = jméno a příjmení, pracovní e-mail, firma a její velikost, potřeba a souhlas s nabídkami e-mailem
starter-event = Hodnocení akce
starter-event-about = hodnocení akce, co se líbilo, zda účastník přijde znovu

## Smazání dotazníku

deliveries-count = { $count ->
    [one] { $count } odeslání
    [few] { $count } odeslání
   *[other] { $count } odeslání
}
editor-delete = Smazat…
delete-title = Smazat dotazník „{ $title }“
delete-what = Smazáním dotazníku se s ním nevratně smaže:
delete-pending = Dosud neodesláno do SALESmanago: { $count }. Tato odeslání už neproběhnou.
delete-kept = Co SALESmanago už dostalo, tam zůstane.
delete-confirm-label = Pro potvrzení napište adresu dotazníku: { $slug }
delete-confirm-mismatch = To není adresa tohoto dotazníku: napište ji přesně tak, jak je uvedena.
delete-button = Nevratně smazat dotazník
delete-cancel = Zrušit
flash-survey-deleted = Dotazník „{ $title }“ byl smazán a s ním { $what }.

## Co je špatně s polem dotazníku (editor a import)

invalid-empty = nesmí být prázdné
invalid-too-long = může mít nejvýše { $max } znaků
invalid-slug-invalid = použijte 1 až 64 malých písmen, číslic a pomlček uvnitř (např. po-nakupu)
invalid-tag-needed = dotazník, který posílá výsledky do SALESmanago, potřebuje štítek
invalid-event-needs-sending = událost SURVEY jde spolu s vlastnostmi odpovědi: zapněte odesílání do SALESmanago
invalid-password-needed = přístup s heslem potřebuje heslo
invalid-site-invalid = { $site } není adresa webu, např. https://www.example.cz
invalid-no-questions = dotazník potřebuje alespoň jednu otázku
invalid-too-many-questions = dotazník může mít nejvýše { $max } otázek
invalid-duplicate-id = jiná otázka už má identifikátor { $id }
invalid-duplicate-pin = jiná otázka už má připnutý klíč { $key }
invalid-score-unknown = žádná otázka nemá identifikátor { $id }
invalid-score-not-nps = hodnocení musí pocházet z otázky se škálou 0–10
invalid-score-needs-event = hodnocení se posílá jen s událostí SURVEY: zapněte událost, nebo hodnocení nevybírejte
invalid-too-many-hidden = dotazník může mít nejvýše { $max } skrytých polí
invalid-hidden-invalid = použijte 1 až 64 malých písmen, číslic nebo _ (např. utm_source)
invalid-hidden-reserved = { $name } je vyhrazeno pro odkazy ankieteru
invalid-hidden-duplicate = { $name } je uvedeno dvakrát
invalid-hidden-collides = { $name } je také identifikátor nebo klíč otázky: jedno přejmenujte
invalid-id-invalid = použijte 1 až 64 písmen, číslic, _ nebo -
invalid-id-reserved = { $id } je vyhrazeno pro pole formuláře ankieteru
invalid-options-unused = tento druh otázky nemá možnosti
invalid-range-unused = tento druh otázky nemá rozsah
invalid-opt-in-unused = marketingovým souhlasem může být jen otázka na souhlas
invalid-max-not-above-min = maximum musí být větší než minimum
invalid-scale-too-long = škála může mít nejvýše 101 bodů
invalid-scale-needs-range = otázka se škálou potřebuje minimum a maximum (např. 0 a 10)
invalid-type-unknown = vyberte druh otázky
invalid-time-invalid = zadejte datum a čas
invalid-closes-before-opening = dotazník se musí zavřít až po otevření
invalid-limit-out-of-range = limit odpovědí je celé číslo od 1 do { $max }
invalid-retention-out-of-range = odpovědi se uchovávají od 1 do { $max } dní
invalid-pin-invalid = připnutý klíč má 1 až { $max } písmen bez diakritiky, číslic nebo znaků jako - _ . ?, bez mezer
invalid-options-needed = otázka s výběrem potřebuje alespoň jednu možnost
invalid-option-duplicate = možnost { $option } je uvedena dvakrát
invalid-not-a-number = musí být celé číslo
invalid-not-a-time = zadejte datum a čas
invalid-choose-language = vyberte jazyk
invalid-choose-access = vyberte, kdo může odpovídat

## The response webhook
webhook-title = Webhook nových odpovědí
webhook-link = Posílat každou novou odpověď na vaši adresu (Slack, Teams, vlastní systém)
webhook-intro = Každá nová odpověď se odešle jako JSON na adresu níže, podepsaná tajemstvím, které znáte jen vy a ankieter, a opakuje se ve stejné frontě jako odesílání do SALESmanago (každé odeslání je vidět na stránce Odesílání). Odpovědi na otázky na e-mail se vynechávají.
webhook-current = Odpovědi se posílají na { $url }
webhook-none = Webhook není nastaven: odpovědi se nikam neposílají.
webhook-remove = Odebrat webhook
webhook-url = Adresa webhooku
webhook-url-new = Nová adresa (nahradí současnou i její tajemství)
webhook-hint = HTTPS. Uložení vytvoří nové podpisové tajemství, zobrazené jednou.
webhook-secret-why = Toto je podpisové tajemství: příjemce jím ověřuje hlavičku X-Ankieter-Signature. Znovu se nezobrazí; další uložení vytvoří nové.
webhook-format-title = Co se posílá
webhook-format = Podpis je šestnáctkový HMAC-SHA256, s tajemstvím, z hlavičky času, tečky a těla. Odmítejte odeslání starší než několik minut. Po přijetí odpovězte 2xx; 429 a 5xx se opakují s odstupy až 24 hodin, jiné odpovědi odeslání ukončí chybou.
webhook-url-too-long = Adresa je příliš dlouhá.
webhook-url-not-an-address = Zadejte celou adresu, např. https://hooks.example.com/ankieter.
webhook-url-not-https = Adresa musí začínat https://.
webhook-url-not-public = Adresa vede do sítě tohoto serveru.
flash-webhook-removed = Webhook byl odebrán.
webhook-test = Odeslat zkušební zprávu
flash-webhook-test-ok = Webhook přijal zkušební zprávu: odpověděl { $status }.
flash-webhook-test-refused = Webhook odpověděl na zkušební zprávu kódem { $status }: odpovědi by nebyly přijaty.
flash-webhook-test-unreachable = Zkušební zpráva nedorazila: { $reason }

## Osobní údaje: žádosti osob, doba uchování, protokol změn
privacy-title = Osobní údaje
privacy-link = Najít, stáhnout nebo vymazat údaje osoby; jak dlouho uchovávat odpovědi
privacy-intro = Vyřiďte žádost subjektu údajů během minut: najděte vše, co tento účet o osobě uchovává, stáhněte to jako JSON, nebo to vymažte. Každé stažení, výmaz i změna nastavení se zapíše do protokolu změn.
privacy-person-title = Údaje osoby
privacy-email = E-mail
privacy-contact-id = nebo ID kontaktu v SALESmanago
privacy-one-of = Vyplňte jedno z obou polí. E-mail se shoduje bez ohledu na velikost písmen, v každé odpovědi i skrytém poli.
privacy-find = Najít
privacy-found-title = Uloženo o této osobě
privacy-found = Odpovědi: { $responses } · události z contact centra: { $events } · chaty čekající na uzavření: { $chats }
privacy-export = Stáhnout jako JSON
privacy-erase-confirm = Chci to vše vymazat; nelze to vrátit.
privacy-erase = Vymazat údaje této osoby
privacy-both = Vyplňte e-mail, nebo ID kontaktu, ne obojí.
privacy-neither = Vyplňte e-mail, nebo ID kontaktu.
privacy-bad-email = Toto není e-mailová adresa.
privacy-bad-contact-id = ID kontaktu v SALESmanago vypadá takto: 0f3a1c2e-1111-4a2b-9c3d-0123456789ab.
privacy-confirm-missing = Zaškrtněte políčko pro potvrzení výmazu.
flash-person-erased = Vymazáno: odpovědi: { $responses }, odeslání: { $deliveries }, čekající chaty: { $chats }. Protokol změn zaznamenává počty, ne osobu.
flash-person-in-flight = { $count ->
    [one] Jedno odeslání právě probíhalo: SALESmanago ho mohlo přijmout, vymažte proto kontakt i tam.
    [few] { $count } odeslání právě probíhala: SALESmanago je mohlo přijmout, vymažte proto kontakt i tam.
   *[other] { $count } odeslání právě probíhalo: SALESmanago je mohlo přijmout, vymažte proto kontakt i tam.
}
retention-title = Jak dlouho uchovávat odpovědi
retention-current-days = { $count ->
    [one] Odpovědi starší než { $count } den se každý den mažou i s jejich odesláními.
    [few] Odpovědi starší než { $count } dny se každý den mažou i s jejich odesláními.
   *[other] Odpovědi starší než { $count } dní se každý den mažou i s jejich odesláními.
}
retention-current-forever = Odpovědi se uchovávají natrvalo.
retention-days = Uchovávat odpovědi (dní)
retention-hint = Od 1 do 36500 dní; nechte prázdné pro trvalé uchování. Server jednou denně maže starší odpovědi, jejich odeslání a starší události z contact centra.
retention-out-of-range = Zadejte počet dní od 1 do 36500, nebo nechte pole prázdné.
retention-current-values = { $count ->
    [one] Hodnoty odeslané s odpovědí se uchovávají { $count } den; pak přehled ukazuje jen klíče, štítky a zkrácené hodnoty.
    [few] Hodnoty odeslané s odpovědí se uchovávají { $count } dny; pak přehled ukazuje jen klíče, štítky a zkrácené hodnoty.
   *[other] Hodnoty odeslané s odpovědí se uchovávají { $count } dní; pak přehled ukazuje jen klíče, štítky a zkrácené hodnoty.
}
retention-values-days = Uchovávat hodnoty odeslané s odpovědí (dní)
retention-values-hint = Po úspěšném odeslání slouží hodnoty odpovědi už jen k zobrazení v přehledu; obsah odpovědi zůstává uložen v samotné odpovědi. Od 1 do 36500 dní; prázdné pole je uchová stejně dlouho jako odpověď.
flash-retention-saved = Uloženo: server to použije jednou denně.
delivery-values-removed = Hodnoty byly po úspěšném odeslání odstraněny podle doby uchování účtu; obsah odpovědi je uložen v samotné odpovědi.
audit-title = Protokol změn
audit-intro = Každá změna nastavení, tajných klíčů, dotazníků, tokenů a odeslání tohoto účtu a každé stažení či výmaz údajů osoby: kdo, co, kdy a z jaké adresy.
audit-csv = Stáhnout jako CSV
audit-empty = Zatím nebylo nic změněno.
audit-who = Kdo
audit-action = Akce
audit-detail = Co
audit-ip = Adresa
audit-older = Starší záznamy

## EmpikPlace
nav-empikplace = EmpikPlace
empik-intro = Zprávy zákazníků z vašeho obchodu na EmpikPlace se stávají požadavky v helpdesku Thulium a odpovědi operátorů v těchto požadavcích se vracejí zákazníkovi na EmpikPlace.
empik-none = Zatím není připojen žádný obchod EmpikPlace.
empik-new = Připojit obchod EmpikPlace
empik-shop-title = Obchod EmpikPlace { $shop }
empik-shop-id = Identifikátor obchodu
empik-queue = Fronta požadavků
empik-category = Kategorie požadavků (nepovinné)
empik-state = Stav
empik-on = čte se
empik-off = vypnuto
empik-paused = pozastaveno
empik-paused-title = Pozastaveno: nic se nečte ani neodesílá, dokud integraci neobnovíte.
empik-resume = Obnovit
empik-api-key = API klíč obchodu
empik-key-saved = Klíč je uložen. Ponechte prázdné, chcete-li jej zachovat.
empik-key-where = V prodejním panelu EmpikPlace: nabídka uživatele → API klíč.
empik-api-url = Adresa API EmpikPlace
empik-thulium-shared = Adresa a uživatel jsou ty, které používá integrace kontaktního centra.
empik-password-shared = Ponechte prázdné, chcete-li použít heslo integrace kontaktního centra.
empik-customer-field = Pole zákazníka v Thulium s identifikátorem zákazníka EmpikPlace
empik-customer-field-hint = Textové pole zákazníků CRM v Thulium, např. „empik_id“. Požadavek se propojí se zákazníkem, jehož pole obsahuje tento identifikátor; chybějící zákazník se s ním přidá.
empik-auto-reply = Automatická odpověď na nové vlákno (nepovinné)
empik-auto-reply-hint = Odesílá se jednou za vlákno, když přijde jeho první zpráva, např. „Děkujeme, odpovíme do 24 hodin.“
empik-poll-seconds = Číst schránku každých (sekund, nejméně 60)
empik-enabled = Zapnuto (berou se jen zprávy napsané po zapnutí)
empik-deliveries-link = Zprávy a odpovědi v odesílání
empik-delete = Odpojit obchod { $shop } i s odesíláním
empik-test-ok = EmpikPlace i Thulium odpověděly.
flash-empik-saved = Obchod EmpikPlace byl uložen.
flash-empik-resumed = Integrace byla obnovena; čekající zprávy a odpovědi se odesílají nyní.
flash-empik-deleted = Obchod EmpikPlace byl odpojen.
deliveries-kind-empik = EmpikPlace
empik-step-customer = zpráva zákazníka → požadavek
empik-step-shop = zpráva obchodu → komentář v požadavku
empik-step-operator = zpráva Empiku → komentář v požadavku
empik-step-reply = odpověď operátora → EmpikPlace
empik-step-auto-reply = automatická odpověď → EmpikPlace
empik-paused-why = Uložte nový klíč nebo heslo, nebo integraci obnovte, až bude problém vyřešen. Odpověď EmpikPlace nebo Thulium:
