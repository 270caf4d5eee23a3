# Panel ankietera po polsku. Każdy komunikat musi być też w en.ftl i cs.ftl
# (sprawdza to test). Komunikaty z końcówką -html mogą zawierać <code>, <em>,
# <strong> i <kbd> i nie przyjmują argumentów.

## Układ strony

admin-title-suffix = panel ankietera
skip-to-content = Przejdź do treści
nav-label = Menu główne
nav-dashboard = Pulpit
nav-surveys = Ankiety
nav-deliveries = Wysyłki
nav-contacts = Kontakty
nav-contact-center = Centrum kontaktu
nav-tokens = Tokeny API
nav-settings = Ustawienia
language-switch-label = Język panelu
language-unknown = Ten język nie jest dostępny.
sign-out = Wyloguj
paused-title = Wysyłki do SALESmanago są wstrzymane.
paused-what-to-do = Odpowiedzi są zachowane i zostaną wysłane po usunięciu problemu: popraw ustawienia API (zapisanie wznawia wysyłki) albo wznów wysyłki, jeśli problem rozwiązano po stronie SALESmanago.
paused-settings-link = Otwórz ustawienia SALESmanago
paused-resume = Wznów wysyłki
times-in-zone = Godziny są podane w strefie czasowej { $zone }.

## Wspólne słowa

button-save = Zapisz
button-create = Utwórz
delete = Usuń
none = brak
never = nigdy
not-set = nie ustawiono
state-on = włączone
state-off = wyłączone
copy-it-now = Skopiuj teraz: nie zostanie pokazany ponownie.
secret-stored-encrypted = Jest przechowywany w postaci zaszyfrowanej i nigdy nie jest wyświetlany.
test-connection = Sprawdź połączenie
field-email = E-mail
field-password = Hasło
filter-any = dowolny
filter-button = Filtruj
filter-pending = oczekujące lub ponawiane
filter-not-sent = niewysyłane (SALESmanago wyłączone)
filter-date-invalid = Wpisz datę w formacie RRRR-MM-DD.
filter-status-invalid = Wybierz status wysyłki.
no-attempt-yet = Jeszcze nie było próby.
responses-count = { $count ->
    [one] { $count } odpowiedź
    [few] { $count } odpowiedzi
   *[many] { $count } odpowiedzi
}

## Kolumny tabel

col-survey = Ankieta
col-responses = Odpowiedzi
col-delivered-24h = Wysłane (24 h)
col-retrying = Ponawiane
col-paused = Wstrzymane
col-failed-24h = Nieudane (24 h)
col-link = Link
col-export = Eksport
col-name = Nazwa
col-created = Utworzono
col-last-used = Ostatnio użyty
col-state = Stan
col-status = Status
col-from = Źródło
col-attempts = Próby
col-detail = Szczegóły
col-time = Czas
col-outcome = Wynik
col-call = Wywołanie
col-salesmanago-said = Odpowiedź SALESmanago
col-property = Właściwość
col-value = Wartość
col-tags = Tagi
col-received = Otrzymano
col-delivery = Wysyłka
col-question = Pytanie
col-answer = Odpowiedź

## Statusy wysyłek i wyniki prób

status-pending = oczekuje
status-delivered = wysłana
status-failed = nieudana
status-paused = wstrzymana
status-skipped = pominięta
status-ignored = zignorowana
status-retry = do ponowienia
status-not-sent = niewysyłana

## Typy pytań

kind-email = Adres e-mail
kind-text = Krótki tekst
kind-textarea = Długi tekst
kind-single = Jednokrotny wybór
kind-multi = Wielokrotny wybór
kind-dropdown = Lista rozwijana
kind-scale = Skala
kind-number = Liczba
kind-date = Data
kind-consent = Zgoda

## Logowanie i błędy

login-title = Logowanie
login-heading = Zaloguj się do ankietera
login-button = Zaloguj się
login-email-too-long = To nie jest adres e-mail: jest za długi.
login-too-many = { $count ->
    [one] Zbyt wiele prób logowania. Odczekaj { $count } sekundę i spróbuj ponownie.
    [few] Zbyt wiele prób logowania. Odczekaj { $count } sekundy i spróbuj ponownie.
   *[many] Zbyt wiele prób logowania. Odczekaj { $count } sekund i spróbuj ponownie.
}
login-wrong = Nieprawidłowy e-mail lub hasło.
login-failed-our-side = Logowanie nie powiodło się z naszej winy. Spróbuj ponownie za chwilę.
error-title = Coś poszło nie tak
error-title-refused = Nie można tego zrobić
error-title-forbidden = Brak dostępu
error-title-not-found = Nie znaleziono
error-title-unavailable = Chwilowo niedostępne
error-back = Wróć do pulpitu
error-not-found = Nic tu nie ma albo należy to do innego konta.
error-our-side = Coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę.
error-database-away = Baza danych jest chwilowo niedostępna; nic nie zostało zmienione. Spróbuj ponownie za chwilę.
error-form-unreadable = Nie udało się odczytać formularza.
error-form-expired = Ten formularz wygasł albo nie pochodzi z tej strony. Wróć, odśwież stronę i spróbuj ponownie.

## Pulpit i ankiety

dashboard-title = Pulpit
dashboard-not-configured = Dostęp do SALESmanago nie jest jeszcze skonfigurowany: odpowiedzi są zapisywane, ale nie są wysyłane.
dashboard-set-up = Skonfiguruj SALESmanago
dashboard-caption = Ankiety i ich wysyłki do SALESmanago
dashboard-not-sent = Niewysyłana do SALESmanago
surveys-title = Ankiety
surveys-new = Nowa ankieta
surveys-import = Importuj JSON
surveys-none = Nie ma jeszcze ankiet.
surveys-create-one = Utwórz ankietę
surveys-import-one = Zaimportuj plik JSON
flash-survey-saved = Zapisano ankietę „{ $title }”.
flash-survey-imported = Zaimportowano ankietę „{ $title }”.

## Edytor ankiety

editor-new-title = Nowa ankieta
editor-edit-title = Edycja ankiety
editor-open-survey = Otwórz ankietę
editor-export-json = Eksportuj JSON
editor-duplicate = Duplikuj
survey-copy-title = Kopia: { $title }
editor-embed = Osadzanie na stronie
editor-embed-inline-html = Wklej ten kod tam, gdzie ma się pojawić ankieta. Sama dopasowuje wysokość, przekazuje <code>smclientid</code> i pola ukryte z adresu strony, a po wysłaniu wywołuje zdarzenie <code>ankieter:submitted</code>.
editor-embed-popup-html = Jako okienko otwierane przyciskiem (dodaj <code>data-delay="10"</code>, aby otworzyło się samo po 10 sekundach):
editor-not-saved = Ankieta nie została zapisana: popraw zaznaczone pola.
editor-save = Zapisz ankietę
editor-preview = Podgląd danych dla SALESmanago
editor-survey = Ankieta
editor-field-title = Tytuł
editor-field-slug = Adres (slug)
editor-slug-fixed = Adresu nie można zmienić po utworzeniu ankiety: jest już w wysłanych e-mailach.
editor-slug-hint = Małe litery, cyfry i myślniki: ankieta będzie pod adresem /s/slug.
editor-field-description = Opis
editor-field-language = Język strony ankiety
editor-field-thank-you = Tekst podziękowania
editor-availability = Przyjmowanie odpowiedzi
editor-closed = Zamknięta: strona ankiety uprzejmie informuje, że nie przyjmuje już odpowiedzi
editor-opens-at = Otwarcie (opcjonalnie)
editor-closes-at = Zamknięcie (opcjonalnie)
editor-schedule-hint = Godziny w strefie czasowej { $zone }. Przed otwarciem i po zamknięciu strona ankiety informuje o tym zamiast pokazywać formularz.
editor-max-responses = Limit odpowiedzi (opcjonalnie)
editor-max-responses-hint = Gdy ankieta zbierze tyle odpowiedzi, jej strona podziękuje i nie przyjmie kolejnych. Puste: bez limitu.
editor-retention-days = Przechowuj odpowiedzi tej ankiety przez (dni)
editor-retention-days-hint = Puste: tak długo, jak konto przechowuje odpowiedzi (Ustawienia → Dane osobowe). Starsze odpowiedzi są codziennie usuwane razem z ich wysyłkami.
page-preview-title = Strona dla respondenta
page-preview-show = Pokaż stronę
page-preview-note = Podgląd: tak respondenci zobaczą stronę. Stąd nic nie zostanie wysłane.
page-preview-mistakes = Strona pojawi się tu, gdy ankieta nie będzie miała błędów:
page-preview-width = Szerokość
page-preview-desktop = Komputer
page-preview-phone = Telefon
page-preview-hint = Zmienia się razem z edycją; bez JavaScriptu naciśnij „Pokaż stronę”. Nic nie jest zapisane, dopóki nie zapiszesz.
editor-access = Dostęp
editor-field-access = Kto może odpowiadać
access-open = Każdy, kto ma link
access-password = Każdy, kto ma link i hasło
access-once-per-browser = Raz na przeglądarkę
editor-field-password = Hasło (dla dostępu z hasłem)
editor-field-sites = Strony, które mogą osadzać ankietę (jeden adres na linię, np. https://www.example.pl; puste: dowolna strona)
editor-field-hidden = Pola ukryte pobierane z linku ankiety (jedna nazwa na linię, np. utm_source)
editor-hidden-hint = Link taki jak { $link } zapisuje wartość razem z odpowiedzią i wysyła ją jako prefiks właściwości + nazwa.
editor-sm-enabled = Wysyłaj wyniki do SALESmanago
editor-sm-tag = Tag dodawany do kontaktu
editor-signed-links = Przyjmuj smclientid tylko z podpisanych linków
editor-survey-event-html = Dodawaj też każdą odpowiedź do osi czasu kontaktu (zdarzenie <code>SURVEY</code>)
editor-survey-event-hint = Wysyłane po zapisaniu właściwości: tytuł ankiety, identyfikator odpowiedzi, nazwa linku ankiety i ocena.
editor-survey-event-short = Zdarzenie na osi czasu (SURVEY)
editor-score-question = Pytanie z oceną (skala 0–10, opcjonalnie)
editor-questions = Pytania
editor-question-n = Pytanie { $number }
editor-q-text = Treść
editor-q-type = Typ
editor-q-id = Identyfikator
editor-q-required = Wymagane
editor-q-options = Opcje (dla wyborów i list: jedna na linię)
editor-q-min = Min. (skala, liczba)
editor-q-max = Maks. (skala, liczba)
editor-q-opt-in = Zgoda: zaznaczenie zapisuje kontakt na e-maile (forceOptIn)
editor-q-property = Właściwość w SALESmanago:
editor-q-up = W górę
editor-q-down = W dół
editor-q-remove = Usuń
editor-q-up-label = Przesuń pytanie { $number } w górę
editor-q-down-label = Przesuń pytanie { $number } w dół
editor-q-remove-label = Usuń pytanie { $number }
editor-add-question = Dodaj pytanie
editor-q-key = Klucz w SALESmanago po prefiksie (opcjonalnie)
editor-q-key-hint = Puste: klucz wynika z treści pytania. Przypnij klucz (np. nps), aby się nie zmieniał, gdy zmienisz treść.
keys-change-title = Jeszcze nie zapisano: SALESmanago dostałoby nowe klucze właściwości.
keys-change-why = Te pytania mają już odpowiedzi wysłane pod starym kluczem. Segmenty, reguły i raporty oparte na starym kluczu przestaną obejmować nowe odpowiedzi.
keys-pin-old = Zachowaj stare klucze i zapisz
keys-take-new = Użyj nowych kluczy i zapisz
key-warning-numbered = Pytanie wyżej ma ten sam klucz, więc ten dostał numer. Zmień treść pytania, aby miało własny klucz.
key-warning-long = { $count ->
    [one] Klucz ma { $count } znak: krótsza treść pytania da wygodniejszy klucz.
    [few] Klucz ma { $count } znaki: krótsza treść pytania da wygodniejszy klucz.
   *[many] Klucz ma { $count } znaków: krótsza treść pytania da wygodniejszy klucz.
}
preview-title = Podgląd danych dla SALESmanago
preview-nothing-sent = Dla przykładowej odpowiedzi nic nie zostałoby wysłane:
preview-call = Przykładowa odpowiedź wyśle te dane (pola tajne ukryte) wywołaniem
preview-event = Następnie, dla kontaktu, do którego zapisano dane, odpowiedź jako zdarzenie SURVEY (jeśli to wywołanie się nie powiedzie, ponawiane jest tylko ono):
preview-cut = Przykładowa odpowiedź dla { $key } została skrócona do 255 znaków; pełna odpowiedź zostaje zapisana w ankieterze.
preview-smclientid-note = Po otwarciu z e-maila SALESmanago (?smclientid=…) te same właściwości i tagi trafiają do contact/update z contactId zamiast e-maila.
import-title = Import ankiety
import-intro-html = Wklej ankietę w formacie JSON ankietera (tym, który czyta <code>ankieter survey import</code> i zapisuje link Eksportuj). Ankieta tego konta o tym samym adresie zostanie zastąpiona.
import-field = JSON ankiety
import-button = Importuj

## Odpowiedzi

responses-title = Odpowiedzi
responses-from = Od (data)
responses-to = Do (data, włącznie)
responses-export-csv = Eksportuj CSV
responses-export-csv-excel = Eksportuj CSV dla Excela (rozdzielany ;)
responses-export-csv-comma = CSV rozdzielany przecinkami
responses-export-xlsx = Skoroszyt Excela (XLSX)
responses-none = Brak pasujących odpowiedzi.
responses-older = Starsze odpowiedzi
response-title = Odpowiedź
response-id = Identyfikator
response-answers = Odpowiedzi na pytania
response-no-answers = Nie odpowiedziano na żadne pytanie.
response-delivery = Wysyłka do SALESmanago
response-delivery-details = szczegóły wysyłki
response-not-sent = Ta odpowiedź nie została wysłana: w chwili jej przesłania ankieta nie wysyłała wyników do SALESmanago.
export-filters-invalid = Filtry eksportu są nieprawidłowe: popraw je na stronie odpowiedzi.

results-title = Wyniki
results-per-day = Odpowiedzi dziennie
results-other = inne odpowiedzi (już nieoferowane)
results-answers = { $count ->
    [one] { $count } odpowiedź
    [few] { $count } odpowiedzi
   *[many] { $count } odpowiedzi
}
results-average = odpowiedzi: { $count }, średnia { $average }
results-number = odpowiedzi: { $count }, średnia { $average }, od { $min } do { $max }
results-ticked = { $count ->
    [one] zaznaczona { $count } raz
   *[many] zaznaczona { $count } razy
}
results-nps = NPS { $score }
results-promoters = { $count ->
    [one] { $count } promotor
    [few] { $count } promotorzy
   *[many] { $count } promotorów
}
results-passives = { $count ->
    [one] { $count } neutralny
   *[many] { $count } neutralnych
}
results-detractors = { $count ->
    [one] { $count } krytyk
    [few] { $count } krytycy
   *[many] { $count } krytyków
}
results-latest = Najnowsze odpowiedzi

## Wysyłki

deliveries-title = Wysyłki do SALESmanago
deliveries-kind = Rodzaj
deliveries-kind-responses = odpowiedzi z ankiet
deliveries-kind-events = zdarzenia z centrum kontaktu
deliveries-kind-webhooks = wysyłki na webhook
deliveries-retry-failed = Ponów wszystkie nieudane wysyłki
deliveries-none = Brak pasujących wysyłek.
deliveries-newest = { $count ->
    [one] Najnowsza { $count }.
    [few] Najnowsze { $count }.
   *[many] Najnowszych { $count }.
}
delivery-title = Wysyłka
delivery-contact = Kontakt
delivery-contact-id = Identyfikator kontaktu w SALESmanago
delivery-next-attempt = Następna próba
delivery-why = Dlaczego
delivery-last-error = Ostatni błąd
delivery-steps = Kroki
delivery-retry-now = Ponów teraz
delivery-what-is-sent = Co jest wysyłane
delivery-cut = skrócone do 255 znaków
delivery-opt-in = zgoda na e-maile (forceOptIn)
delivery-then-event = Następnie odpowiedź jako zdarzenie zewnętrzne kontaktu, do którego zapisano dane:
delivery-ext-event = Zdarzenie zewnętrzne:
delivery-detail-delivered = kontakt { $contact }, { $at }
delivery-detail-waiting = czeka na wysłanie
delivery-detail-retrying = następna próba { $at } (ostatnio: { $error })
detail-the-response = odpowiedź
detail-the-survey = ankieta
detail-score = ocena
detail-queue-id = identyfikator kolejki
detail-queue-name = nazwa kolejki
detail-rating = ocena
detail-handled-by = obsługujący
detail-wait-time = czas oczekiwania, s
detail-talk-time = czas rozmowy, s
target-email = dodanie lub aktualizacja po e-mailu { $email }
target-contact = aktualizacja kontaktu { $contact }
target-contact-or-email = aktualizacja kontaktu { $contact } (albo po e-mailu { $email }, jeśli go nie ma)
target-nobody = nikt: { $reason }
missing-ignored = ignorowane, jeśli SALESmanago nie ma takiego kontaktu
missing-added = kontakt dodawany, jeśli go brakuje
missing-added-tag = kontakt dodawany, jeśli go brakuje, z tagiem { $tags }
step-properties = Właściwości i tagi
step-survey-event = Zdarzenie SURVEY
step-written = zapisane
step-added = dodane
step-again = zostanie ponowione: { $error }
step-failed = nieudane (zobacz ostatni błąd)
step-follows-properties = niewysłane: następuje po właściwościach
step-not-yet = jeszcze nie
step-after-properties = po właściwościach
flash-retry-one = Wysyłka zostanie teraz ponowiona.
flash-retry-nothing = Nie ma czego ponawiać: wysyłka jest wysłana, pominięta albo właśnie trwa.
flash-retry-failed = { $count ->
    [one] { $count } nieudana wysyłka zostanie teraz ponowiona.
    [few] { $count } nieudane wysyłki zostaną teraz ponowione.
   *[many] { $count } nieudanych wysyłek zostanie teraz ponowionych.
}
flash-resumed = { $count ->
    [0] Wznowiono wysyłki; żadna nie czekała.
    [one] Wznowiono { $count } wstrzymaną wysyłkę: zostanie wysłana teraz.
    [few] Wznowiono { $count } wstrzymane wysyłki: zostaną wysłane teraz.
   *[many] Wznowiono { $count } wstrzymanych wysyłek: zostaną wysłane teraz.
}

## Ustawienia SALESmanago

sm-title = Dostęp do API SALESmanago
sm-intro-html = Te dane znajdziesz w SALESmanago w <em>Ustawienia → Integracja → API</em>. Używa ich każda ankieta tego konta, która wysyła wyniki do SALESmanago.
sm-endpoint = Endpoint (serwer)
sm-client-id = Client ID
sm-owner = E-mail właściciela (użytkownik SALESmanago, do którego przypisywane są kontakty)
sm-secret = API Secret
sm-secret-saved = Klucz jest zapisany (kończy się na „…{ $last }”). Zostaw puste, aby go zachować.
sm-secret-none = Nie zapisano jeszcze klucza.
sm-prefix = Prefiks właściwości
sm-prefix-hint-html = Każda odpowiedź staje się właściwością kontaktu: prefiks + pytanie, np. <code>ankieta.Twoja-ocena?</code> dla „Twoja ocena?”. Konta czeskie używają <code>dotaznik.</code>
sm-test-explained = Pyta SALESmanago, czy e-mail właściciela jest kontaktem, z zapisanymi ustawieniami: sprawdza endpoint, Client ID, klucz i właściciela, niczego nie zmieniając.
sm-test-ok = Połączono: { $endpoint } przyjął Client ID, klucz i właściciela.
sm-test-refused = SALESmanago odrzuciło dane dostępowe: { $message }
sm-test-unreachable = Nie udało się połączyć z SALESmanago pod tym adresem albo odpowiedź nie wyglądała jak odpowiedź SALESmanago.
sm-test-not-salesmanago = To nie jest API SALESmanago: { $message }
flash-sm-saved = Zapisano ustawienia SALESmanago.

## Kontakty

contacts-intro = Co SALESmanago wie o kliencie i co ankieter wysłał dla jego adresu e-mail.
contacts-show = Pokaż
contacts-email-invalid = Wpisz pełny adres e-mail, np. jan@example.com.
contacts-company = Firma
contacts-phone = Telefon
contacts-score = Punkty
contacts-modified = Zmieniono
contacts-last-visit = Ostatnia wizyta
contacts-email-marketing = Marketing e-mailowy
contacts-opted-out = wypisany
contacts-opted-in = zapisany
contacts-sm-id = Identyfikator w SALESmanago
contacts-properties = Właściwości
contacts-not-found = Nie ma w SALESmanago: żaden kontakt nie ma tego adresu e-mail.
contacts-sent = Wysłane przez ankietera
contacts-nothing-yet = Jeszcze nic.
contacts-what = Co
contacts-survey-response = odpowiedź z ankiety
contacts-embed = Tak tę kartę pokazuje panel boczny helpdesku; link działa przez 15 minut.
contacts-embed-open = Otwórz kartę do osadzenia
contacts-card-key = Dla widżetu helpdesku utwórz klucz karty
contact-not-set-up = SALESmanago nie jest skonfigurowane dla tego konta: { $why }
contact-credentials = SALESmanago odrzuciło dane dostępowe konta: sprawdź je na stronie SALESmanago.
contact-no-answer = SALESmanago teraz nie odpowiada; spróbuj ponownie za chwilę.
contact-answered = Odpowiedź SALESmanago: { $message }
contact-too-many = { $count ->
    [one] Zbyt wiele wyszukiwań kontaktów dla tego konta; spróbuj ponownie za { $count } sekundę.
    [few] Zbyt wiele wyszukiwań kontaktów dla tego konta; spróbuj ponownie za { $count } sekundy.
   *[many] Zbyt wiele wyszukiwań kontaktów dla tego konta; spróbuj ponownie za { $count } sekund.
}

## Centrum kontaktu

cc-intro = Interakcje z klientami w centrum kontaktu (wiadomości w zgłoszeniach, oceny, zamknięcia, czaty, rozmowy) stają się zdarzeniami zewnętrznymi kontaktu w SALESmanago, na które mogą reagować reguły automatyzacji.
cc-none = Nie ma jeszcze integracji.
cc-integration = Integracja
cc-events = Zdarzenia
cc-forwarded = Przekazywane
cc-forwarded-summary = zgłoszenia { $tickets }, czaty { $chats }, rozmowy { $calls }
cc-thulium-api = API Thulium
cc-polled = odpytywane
cc-new = Nowa integracja
cc-new-name = Nazwa (3–36 liter, cyfr, „-” lub „_”: lokalizacja zdarzeń w SALESmanago)
cc-name-placeholder = thulium-glowny
cc-create = Utwórz integrację
cc-created = Utworzono integrację. Skonfiguruj webhook w Thulium z poniższymi danymi.
cc-not-saved = Ustawienia nie zostały zapisane:
cc-webhooks = Webhooki Thulium
cc-webhooks-where-html = W Thulium: <em>Administracja → Zaawansowane → Webhooki</em>, z tym adresem i danymi HTTP Basic.
cc-webhook-url = Adres webhooka
cc-webhook-user = Użytkownik
cc-password-shown-once = pokazywane raz, przy generowaniu; zapisywany jest tylko skrót
cc-new-password = Nowe hasło webhooka
cc-new-credentials = Nowe dane webhooka: poprzednie już nie działają. Wpisz je w Thulium.
cc-other-systems = Każdy inny system przesyła interakcje z tokenem API i nazwą integracji:
cc-location-hint = Zdarzenia mają tę lokalizację w SALESmanago:
cc-prefix = Prefiks zdarzeń
cc-prefix-hint = reguły automatyzacji SALESmanago rozpoznają zdarzenia po tych nazwach.
cc-queues-html = Przekazywane kolejki (identyfikatory po przecinku, <code>all</code> albo <code>none</code>)
cc-ticket-queues = Kolejki zgłoszeń
cc-chat-queues = Kolejki czatów
cc-call-queues = Kolejki infolinii (rozmów)
cc-missing-contacts = Kontakty, których nie ma w SALESmanago
cc-missing-ignore = Zignoruj zdarzenie (widoczne jako zignorowane w Wysyłkach)
cc-missing-add = Dodaj kontakt po e-mailu (bez zgód), a potem zdarzenie
cc-new-contact-tag = Tag dla dodanych kontaktów (opcjonalnie)
cc-event-type = Typ zdarzenia w SALESmanago
cc-thulium-api-title = API Thulium (zgłoszenia)
cc-thulium-api-intro = Z użytkownikiem API ankieter co minutę odczytuje zgłoszenia: e-maile klientów i pierwsze zamknięcia stają się zdarzeniami.
cc-thulium-url = Adres Thulium
cc-thulium-user = Użytkownik API
cc-thulium-password = Hasło API
cc-thulium-password-saved = Hasło jest zapisane. Zostaw puste, aby je zachować.
cc-stop-polling = Przestań odpytywać
cc-test-event = Wyślij zdarzenie testowe
cc-test-email = E-mail kontaktu
cc-test-email-missing = Wpisz e-mail kontaktu, do którego ma trafić zdarzenie testowe.
cc-test-interaction = Interakcja
cc-test-send = Wyślij zdarzenie testowe
cc-deliveries-link = Wysyłki z centrum kontaktu tego konta
cc-delete = Usuń { $name } razem z wysyłkami
flash-cc-saved = Zapisano integrację. Nowe interakcje będą obsługiwane według tych ustawień; zdarzenia w kolejce zachowują swoje.
flash-cc-deleted = Usunięto integrację { $name } razem z jej wysyłkami.
flash-thulium-removed = API Thulium nie jest już odpytywane; użytkownik API został zapomniany.
flash-thulium-saved = Zapisano użytkownika API Thulium: zgłoszenia będą odczytywane od następnego odpytania.
flash-test-event = Zdarzenie testowe czeka w kolejce; ta strona pokazuje, co się z nim dzieje.
thulium-test-no-user = Nie zapisano użytkownika API Thulium.
thulium-test-ok = Połączono: { $url } przyjął użytkownika API.
thulium-test-unreachable = Nie udało się połączyć z Thulium pod tym adresem albo odpowiedź nie wyglądała jak odpowiedź Thulium.

## Tokeny API

tokens-title = Tokeny API i klucze kart
tokens-intro-html = <strong>Tokeny API</strong> pozwalają innym narzędziom korzystać z JSON API tego konta (przesyłane jako <code>Authorization: Bearer …</code>). <strong>Klucze kart</strong> otwierają tylko kartę kontaktu do odczytu, dla panelu bocznego lub widżetu helpdesku, nigdy API. Zapisywany jest tylko skrót.
tokens-api-docs = Opis JSON API
tokens-card-link = Karta kontaktu
tokens-card-url-html = Adres karty dla helpdesku (w miejsce wartości <code>email</code> wstaw e-mail klienta, zakodowany do adresu URL):
tokens-new-for = Nowy token dla
tokens-name-placeholder = kreator stron docelowych
tokens-kind = Rodzaj
token-kind-api = Token API
token-kind-card = Klucz karty
token-kind-card-long = Klucz karty (tylko karta kontaktu)
tokens-revoke = Unieważnij
tokens-revoke-label = Unieważnij token { $name }
tokens-revoked-at = unieważniony { $at }
flash-token-revoked = Token został unieważniony: wywołania z nim już nie działają.

## Ustawienia

settings-title = Ustawienia
settings-account = To konto
settings-time-zone = Strefa czasowa
settings-time-zone-hint = Wszyscy administratorzy tego konta widzą godziny w tej strefie. Zapisane czasy się nie zmieniają.
settings-time-zone-unknown = Wybierz strefę czasową z listy.
settings-you = Ty
settings-language = Język panelu
settings-language-account = Jak konto: { $language }
settings-language-hint = Tylko dla ciebie; inni administratorzy zachowują swój. Zmienia go też przełącznik w nagłówku strony.
flash-settings-saved = Zapisano ustawienia.

## Templates to start from
starters-title = Zacznij od szablonu
starters-hint = Nowa ankieta otworzy się w edytorze; nic nie zostanie zapisane, dopóki jej nie zapiszesz. Jej klucze w SALESmanago są przypięte, więc zmiana treści pytania ich nie zmieni.
starter-nps = Net Promoter Score (NPS)
starter-nps-about = na ile klienci poleciliby Twoją firmę (0–10) i dlaczego
starter-satisfaction = Zadowolenie klientów (CSAT)
starter-satisfaction-about = ocena obsługi w skali 1–5, czy sprawa została załatwiona, co poprawić
starter-lead = Formularz kontaktowy (lead)
starter-lead-about = imię i nazwisko, e-mail służbowy, firma i jej wielkość, potrzeba oraz zgoda na oferty e-mailem
starter-event = Ocena wydarzenia
starter-event-about = ocena wydarzenia, co się podobało, czy uczestnik przyjdzie ponownie

## Usuwanie ankiety

deliveries-count = { $count ->
    [one] { $count } wysyłka
    [few] { $count } wysyłki
   *[many] { $count } wysyłek
}
editor-delete = Usuń…
delete-title = Usuń ankietę „{ $title }”
delete-what = Usunięcie ankiety usuwa razem z nią, bezpowrotnie:
delete-pending = Jeszcze niewysłane do SALESmanago: { $count }. Nie zostaną już wysłane.
delete-kept = To, co SALESmanago już otrzymało, zostaje w SALESmanago.
delete-confirm-label = Aby potwierdzić, wpisz adres ankiety: { $slug }
delete-confirm-mismatch = To nie jest adres tej ankiety: wpisz go dokładnie tak, jak podano.
delete-button = Usuń ankietę bezpowrotnie
delete-cancel = Anuluj
flash-survey-deleted = Usunięto ankietę „{ $title }”, a z nią: { $what }.

## Co jest nie tak z polem ankiety (edytor i import)

invalid-empty = nie może być puste
invalid-too-long = może mieć najwyżej { $max } znaków
invalid-slug-invalid = użyj od 1 do 64 małych liter, cyfr i myślników w środku (np. po-zakupie)
invalid-tag-needed = ankieta, która wysyła wyniki do SALESmanago, potrzebuje tagu
invalid-event-needs-sending = zdarzenie SURVEY idzie razem z właściwościami odpowiedzi: włącz wysyłanie do SALESmanago
invalid-password-needed = dostęp z hasłem wymaga hasła
invalid-site-invalid = { $site } to nie adres strony, np. https://www.example.pl
invalid-no-questions = ankieta potrzebuje co najmniej jednego pytania
invalid-too-many-questions = ankieta może mieć najwyżej { $max } pytań
invalid-duplicate-id = inne pytanie ma już identyfikator { $id }
invalid-duplicate-pin = inne pytanie ma już przypięty klucz { $key }
invalid-score-unknown = żadne pytanie nie ma identyfikatora { $id }
invalid-score-not-nps = ocena musi pochodzić z pytania ze skalą 0–10
invalid-score-needs-event = ocena jest wysyłana tylko ze zdarzeniem SURVEY: włącz zdarzenie albo nie wybieraj oceny
invalid-too-many-hidden = ankieta może mieć najwyżej { $max } pól ukrytych
invalid-hidden-invalid = użyj od 1 do 64 małych liter, cyfr lub _ (np. utm_source)
invalid-hidden-reserved = { $name } jest zarezerwowane dla linków ankietera
invalid-hidden-duplicate = { $name } występuje dwa razy
invalid-hidden-collides = { $name } to także identyfikator lub klucz pytania: zmień jedno z nich
invalid-id-invalid = użyj od 1 do 64 liter, cyfr, _ lub -
invalid-id-reserved = { $id } jest zarezerwowane dla pól formularza ankietera
invalid-options-unused = ten rodzaj pytania nie ma opcji
invalid-range-unused = ten rodzaj pytania nie ma zakresu
invalid-opt-in-unused = tylko pytanie o zgodę może być zgodą marketingową
invalid-max-not-above-min = maksimum musi być większe od minimum
invalid-scale-too-long = skala może mieć najwyżej 101 punktów
invalid-scale-needs-range = pytanie ze skalą potrzebuje minimum i maksimum (np. 0 i 10)
invalid-type-unknown = wybierz rodzaj pytania
invalid-time-invalid = podaj datę i godzinę
invalid-closes-before-opening = ankieta musi się zamykać po otwarciu
invalid-limit-out-of-range = limit odpowiedzi to liczba całkowita od 1 do { $max }
invalid-retention-out-of-range = odpowiedzi przechowuje się od 1 do { $max } dni
invalid-pin-invalid = przypięty klucz to od 1 do { $max } liter bez polskich znaków, cyfr lub znaków takich jak - _ . ?, bez spacji
invalid-options-needed = pytanie z wyborem potrzebuje co najmniej jednej opcji
invalid-option-duplicate = opcja { $option } występuje dwa razy
invalid-not-a-number = musi być liczbą całkowitą
invalid-not-a-time = podaj datę i godzinę
invalid-choose-language = wybierz język
invalid-choose-access = wybierz, kto może odpowiadać

## The response webhook
webhook-title = Webhook nowych odpowiedzi
webhook-link = Wysyłaj każdą nową odpowiedź na swój adres (Slack, Teams, własny system)
webhook-intro = Każda nowa odpowiedź jest wysyłana jako JSON na adres poniżej, podpisana sekretem, który znasz tylko ty i ankieter, i ponawiana w tej samej kolejce co wysyłki do SALESmanago (każde wysłanie widać na stronie Wysyłki). Odpowiedzi na pytania o e-mail są pomijane.
webhook-current = Odpowiedzi są wysyłane na { $url }
webhook-none = Webhook nie jest ustawiony: odpowiedzi nie są nigdzie wysyłane.
webhook-remove = Usuń webhook
webhook-url = Adres webhooka
webhook-url-new = Nowy adres (zastępuje obecny i jego sekret)
webhook-hint = HTTPS. Zapisanie tworzy nowy sekret podpisu, pokazany jeden raz.
webhook-secret-why = To sekret podpisu: odbiorca sprawdza nim nagłówek X-Ankieter-Signature. Nie zostanie pokazany ponownie; kolejny zapis tworzy nowy.
webhook-format-title = Co jest wysyłane
webhook-format = Podpis to szesnastkowy HMAC-SHA256, z sekretem, z nagłówka czasu, kropki i treści. Odrzucaj wysłania starsze niż kilka minut. Odpowiedz 2xx po odebraniu; 429 i 5xx są ponawiane z odstępami przez maksymalnie 24 godziny, inne odpowiedzi kończą wysyłkę błędem.
webhook-url-too-long = Adres jest za długi.
webhook-url-not-an-address = Podaj pełny adres, np. https://hooks.example.com/ankieter.
webhook-url-not-https = Adres musi zaczynać się od https://.
webhook-url-not-public = Adres prowadzi do sieci tego serwera.
flash-webhook-removed = Webhook został usunięty.
webhook-test = Wyślij próbne zgłoszenie
flash-webhook-test-ok = Webhook przyjął próbne zgłoszenie: odpowiedział { $status }.
flash-webhook-test-refused = Webhook odpowiedział na próbne zgłoszenie kodem { $status }: odpowiedzi nie zostałyby przyjęte.
flash-webhook-test-unreachable = Próbne zgłoszenie nie dotarło: { $reason }

## Dane osobowe: żądania osób, okres przechowywania, dziennik zmian
privacy-title = Dane osobowe
privacy-link = Znajdź, pobierz lub usuń dane osoby; jak długo przechowywać odpowiedzi
privacy-intro = Odpowiedz na żądanie osoby w kilka minut: znajdź wszystko, co to konto przechowuje o osobie, pobierz to jako JSON albo usuń. Każde pobranie, usunięcie i zmiana ustawienia trafia do dziennika zmian.
privacy-person-title = Dane osoby
privacy-email = E-mail
privacy-contact-id = lub identyfikator kontaktu SALESmanago
privacy-one-of = Wypełnij jedno z dwóch pól. E-mail pasuje bez względu na wielkość liter, w każdej odpowiedzi i każdym ukrytym polu.
privacy-find = Znajdź
privacy-found-title = Przechowywane o tej osobie
privacy-found = Odpowiedzi: { $responses } · zdarzenia z contact center: { $events } · czaty czekające na zamknięcie: { $chats }
privacy-export = Pobierz jako JSON
privacy-erase-confirm = Chcę usunąć to wszystko; tego nie da się cofnąć.
privacy-erase = Usuń dane tej osoby
privacy-both = Wpisz e-mail albo identyfikator kontaktu, nie oba.
privacy-neither = Wpisz e-mail albo identyfikator kontaktu.
privacy-bad-email = To nie jest adres e-mail.
privacy-bad-contact-id = Identyfikator kontaktu SALESmanago wygląda tak: 0f3a1c2e-1111-4a2b-9c3d-0123456789ab.
privacy-confirm-missing = Zaznacz pole, aby potwierdzić usunięcie.
flash-person-erased = Usunięto: odpowiedzi: { $responses }, wysyłki: { $deliveries }, czekające czaty: { $chats }. Dziennik zmian zapisuje liczby, nie osobę.
flash-person-in-flight = { $count ->
    [one] Jedna wysyłka była właśnie w toku: SALESmanago mogło ją otrzymać, więc usuń kontakt także tam.
    [few] { $count } wysyłki były właśnie w toku: SALESmanago mogło je otrzymać, więc usuń kontakt także tam.
   *[many] { $count } wysyłek było właśnie w toku: SALESmanago mogło je otrzymać, więc usuń kontakt także tam.
}
retention-title = Jak długo przechowywać odpowiedzi
retention-current-days = { $count ->
    [one] Odpowiedzi starsze niż { $count } dzień są codziennie usuwane razem z ich wysyłkami.
   *[other] Odpowiedzi starsze niż { $count } dni są codziennie usuwane razem z ich wysyłkami.
}
retention-current-forever = Odpowiedzi są przechowywane bezterminowo.
retention-days = Przechowuj odpowiedzi przez (dni)
retention-hint = Od 1 do 36500 dni; zostaw puste, aby przechowywać bezterminowo. Serwer raz dziennie usuwa starsze odpowiedzi, ich wysyłki i starsze zdarzenia z contact center.
retention-out-of-range = Wpisz liczbę dni od 1 do 36500 albo zostaw pole puste.
retention-current-values = { $count ->
    [one] Wartości wysłane z odpowiedzią są przechowywane przez { $count } dzień; potem rejestr pokazuje tylko klucze, tagi i obcięte wartości.
   *[other] Wartości wysłane z odpowiedzią są przechowywane przez { $count } dni; potem rejestr pokazuje tylko klucze, tagi i obcięte wartości.
}
retention-values-days = Przechowuj wartości wysłane z odpowiedzią przez (dni)
retention-values-hint = Po udanej wysyłce wartości służą już tylko do pokazania w rejestrze; treść odpowiedzi pozostaje zapisana w samej odpowiedzi. Od 1 do 36500 dni; puste pole przechowuje je tak długo jak odpowiedź.
flash-retention-saved = Zapisano: serwer stosuje to raz dziennie.
delivery-values-removed = Wartości usunięto po udanej wysyłce, zgodnie z okresem przechowywania konta; treść odpowiedzi jest zapisana w samej odpowiedzi.
audit-title = Dziennik zmian
audit-intro = Każda zmiana ustawień, sekretów, ankiet, tokenów i wysyłek tego konta oraz każde pobranie lub usunięcie danych osoby: kto, co, kiedy i z jakiego adresu.
audit-csv = Pobierz jako CSV
audit-empty = Nic jeszcze nie zmieniono.
audit-who = Kto
audit-action = Działanie
audit-detail = Co
audit-ip = Adres
audit-older = Starsze wpisy

## EmpikPlace
nav-empikplace = EmpikPlace
empik-intro = Wiadomości klientów z Twojego sklepu w EmpikPlace stają się zgłoszeniami w helpdesku Thulium, a odpowiedzi konsultantów w tych zgłoszeniach wracają do klienta w EmpikPlace.
empik-none = Nie połączono jeszcze żadnego sklepu EmpikPlace.
empik-new = Połącz sklep EmpikPlace
empik-shop-title = Sklep EmpikPlace { $shop }
empik-shop-id = Identyfikator sklepu
empik-queue = Kolejka zgłoszeń
empik-category = Kategoria zgłoszeń (opcjonalnie)
empik-state = Stan
empik-on = odczytywany
empik-off = wyłączony
empik-paused = wstrzymany
empik-paused-title = Wstrzymano: nic nie jest odczytywane ani wysyłane, dopóki nie wznowisz.
empik-resume = Wznów
empik-api-key = Klucz API sklepu
empik-key-saved = Klucz jest zapisany. Zostaw puste, aby go zachować.
empik-key-where = W panelu sprzedawcy EmpikPlace: menu użytkownika → Klucz API.
empik-api-url = Adres API EmpikPlace
empik-thulium-shared = Adres i użytkownik są te same, których używa integracja z centrum kontaktu.
empik-password-shared = Zostaw puste, aby użyć hasła integracji z centrum kontaktu.
empik-customer-field = Pole klienta w Thulium z identyfikatorem klienta EmpikPlace
empik-customer-field-hint = Pole tekstowe klientów CRM w Thulium, np. „empik_id”. Zgłoszenie jest łączone z klientem, którego pole zawiera ten identyfikator; brakujący klient jest dodawany z nim.
empik-auto-reply = Automatyczna odpowiedź na nowy wątek (opcjonalnie)
empik-auto-reply-hint = Wysyłana raz na wątek, gdy przychodzi jego pierwsza wiadomość, np. „Dziękujemy, odpowiemy w ciągu 24 godzin”.
empik-poll-seconds = Odczytuj skrzynkę co (sekundy, co najmniej 60)
empik-enabled = Włączona (pobierane są tylko wiadomości napisane po włączeniu)
empik-deliveries-link = Wiadomości i odpowiedzi w wysyłkach
empik-delete = Odłącz sklep { $shop } razem z wysyłkami
empik-test-ok = EmpikPlace i Thulium odpowiedziały.
flash-empik-saved = Zapisano sklep EmpikPlace.
flash-empik-resumed = Wznowiono integrację; oczekujące wiadomości i odpowiedzi są wysyłane teraz.
flash-empik-deleted = Odłączono sklep EmpikPlace.
deliveries-kind-empik = EmpikPlace
empik-step-customer = wiadomość klienta → zgłoszenie
empik-step-shop = wiadomość sklepu → komentarz w zgłoszeniu
empik-step-operator = wiadomość Empik → komentarz w zgłoszeniu
empik-step-reply = odpowiedź konsultanta → EmpikPlace
empik-step-auto-reply = automatyczna odpowiedź → EmpikPlace
empik-paused-why = Zapisz nowy klucz lub hasło albo wznów, gdy problem zostanie usunięty. Odpowiedź EmpikPlace lub Thulium:
