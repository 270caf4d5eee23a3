use serde::{Deserialize, Serialize};

/// The languages ankieter speaks to respondents in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Pl,
    Cs,
    En,
}

impl Language {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "pl" => Some(Self::Pl),
            "cs" => Some(Self::Cs),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Pl => "pl",
            Self::Cs => "cs",
            Self::En => "en",
        }
    }

    /// The property prefix SALESmanago integrations use in each market.
    pub fn default_property_prefix(self) -> &'static str {
        match self {
            Self::Pl => "ankieta.",
            Self::Cs => "dotaznik.",
            Self::En => "survey.",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Self::Pl => &PL,
            Self::Cs => &CS,
            Self::En => &EN,
        }
    }
}

/// Every fixed text a respondent sees, per language.
#[derive(Debug)]
pub struct Texts {
    pub submit: &'static str,
    pub required_marker: &'static str,
    pub optional: &'static str,
    pub choose: &'static str,
    pub errors_summary: &'static str,
    pub err_required: &'static str,
    pub err_email: &'static str,
    pub err_option: &'static str,
    pub err_number: &'static str,
    pub err_range: &'static str,
    pub err_date: &'static str,
    pub err_too_long: &'static str,
    pub thanks_title: &'static str,
    pub thanks_default: &'static str,
    pub password_title: &'static str,
    pub password_label: &'static str,
    pub password_submit: &'static str,
    pub password_wrong: &'static str,
    pub already_title: &'static str,
    pub already_body: &'static str,
    pub closed_title: &'static str,
    pub closed_body: &'static str,
    pub not_yet_title: &'static str,
    pub not_yet_body: &'static str,
    pub full_title: &'static str,
    pub full_body: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub too_large_title: &'static str,
    pub too_large_body: &'static str,
    pub bad_request_title: &'static str,
    pub bad_request_body: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub too_many_title: &'static str,
    pub too_many_body: &'static str,
    pub consent_yes: &'static str,
    pub scale_low: &'static str,
    pub scale_high: &'static str,
    /// Shown by the browser when an e-mail answer lacks a dotted domain.
    pub email_hint: &'static str,
    /// The form page in a browser that has just answered (an open survey).
    pub answered_title: &'static str,
    pub answered_body: &'static str,
    pub answer_again: &'static str,
    /// The server's own address (`/`), which belongs to no survey.
    pub home_title: &'static str,
    pub home_body: &'static str,
    /// The embed's popup: its opening button and its close button's label.
    pub popup_open: &'static str,
    pub popup_close: &'static str,
}

static PL: Texts = Texts {
    submit: "Wyślij",
    required_marker: "wymagane",
    optional: "opcjonalne",
    choose: "— wybierz —",
    errors_summary: "Popraw zaznaczone pola.",
    err_required: "To pole jest wymagane.",
    err_email: "Podaj poprawny adres e-mail.",
    err_option: "Wybierz jedną z podanych odpowiedzi.",
    err_number: "Podaj liczbę.",
    err_range: "Wartość spoza dozwolonego zakresu.",
    err_date: "Podaj datę w formacie RRRR-MM-DD.",
    err_too_long: "Odpowiedź jest za długa.",
    thanks_title: "Dziękujemy!",
    thanks_default: "Twoje odpowiedzi zostały zapisane.",
    password_title: "Ankieta chroniona hasłem",
    password_label: "Hasło",
    password_submit: "Dalej",
    password_wrong: "Nieprawidłowe hasło.",
    already_title: "Ankieta została już wypełniona",
    already_body: "Z tej przeglądarki wysłano już odpowiedzi do tej ankiety.",
    closed_title: "Ankieta jest zamknięta",
    closed_body: "Dziękujemy za zainteresowanie. Ta ankieta nie przyjmuje już odpowiedzi.",
    not_yet_title: "Ankieta jeszcze się nie rozpoczęła",
    not_yet_body: "Ta ankieta nie przyjmuje jeszcze odpowiedzi. Zajrzyj tu ponownie później.",
    full_title: "Zebraliśmy już wszystkie odpowiedzi",
    full_body: "Dziękujemy za zainteresowanie. Ta ankieta zebrała tyle odpowiedzi, ile potrzebowaliśmy, i jest już zamknięta.",
    not_found_title: "Nie znaleziono ankiety",
    not_found_body: "Ta ankieta nie istnieje lub została usunięta.",
    too_large_title: "Za dużo danych",
    too_large_body: "Wysłany formularz jest za duży. Skróć odpowiedzi i spróbuj ponownie.",
    bad_request_title: "Nieprawidłowe żądanie",
    bad_request_body: "Nie udało się odczytać wysłanego formularza.",
    error_title: "Coś poszło nie tak",
    error_body: "Spróbuj ponownie za chwilę. Twoje odpowiedzi nie zostały zapisane.",
    too_many_title: "Za dużo prób",
    too_many_body: "Wysłano zbyt wiele formularzy z tego adresu. Spróbuj ponownie za chwilę.",
    consent_yes: "tak",
    scale_low: "najmniej",
    scale_high: "najwięcej",
    email_hint: "Adres e-mail z domeną, np. jan@example.pl",
    answered_title: "Odpowiedzi już wysłane",
    answered_body:
        "Ta ankieta została już wypełniona w tej przeglądarce. Chcesz wypełnić ją jeszcze raz?",
    answer_again: "Wypełnij ponownie",
    home_title: "Ankiety",
    home_body: "Ten serwer obsługuje ankiety. Aby odpowiedzieć, otwórz otrzymany link do ankiety.",
    popup_open: "Otwórz ankietę",
    popup_close: "Zamknij",
};

static CS: Texts = Texts {
    submit: "Odeslat",
    required_marker: "povinné",
    optional: "nepovinné",
    choose: "— vyberte —",
    errors_summary: "Opravte prosím označená pole.",
    err_required: "Toto pole je povinné.",
    err_email: "Zadejte platnou e-mailovou adresu.",
    err_option: "Vyberte jednu z nabízených odpovědí.",
    err_number: "Zadejte číslo.",
    err_range: "Hodnota je mimo povolený rozsah.",
    err_date: "Zadejte datum ve formátu RRRR-MM-DD.",
    err_too_long: "Odpověď je příliš dlouhá.",
    thanks_title: "Děkujeme!",
    thanks_default: "Vaše odpovědi byly uloženy.",
    password_title: "Dotazník chráněný heslem",
    password_label: "Heslo",
    password_submit: "Pokračovat",
    password_wrong: "Nesprávné heslo.",
    already_title: "Dotazník už byl vyplněn",
    already_body: "Z tohoto prohlížeče už byly odpovědi do tohoto dotazníku odeslány.",
    closed_title: "Dotazník je uzavřen",
    closed_body: "Děkujeme za zájem. Tento dotazník už nepřijímá odpovědi.",
    not_yet_title: "Dotazník ještě nezačal",
    not_yet_body: "Tento dotazník zatím nepřijímá odpovědi. Podívejte se sem prosím později.",
    full_title: "Máme už všechny odpovědi",
    full_body: "Děkujeme za zájem. Tento dotazník už nasbíral tolik odpovědí, kolik jsme potřebovali, a je uzavřen.",
    not_found_title: "Dotazník nenalezen",
    not_found_body: "Tento dotazník neexistuje nebo byl odstraněn.",
    too_large_title: "Příliš mnoho dat",
    too_large_body: "Odeslaný formulář je příliš velký. Zkraťte odpovědi a zkuste to znovu.",
    bad_request_title: "Neplatný požadavek",
    bad_request_body: "Odeslaný formulář se nepodařilo přečíst.",
    error_title: "Něco se pokazilo",
    error_body: "Zkuste to prosím za chvíli znovu. Vaše odpovědi nebyly uloženy.",
    too_many_title: "Příliš mnoho pokusů",
    too_many_body:
        "Z této adresy bylo odesláno příliš mnoho formulářů. Zkuste to prosím za chvíli.",
    consent_yes: "ano",
    scale_low: "nejméně",
    scale_high: "nejvíce",
    email_hint: "E-mailová adresa s doménou, např. jan@example.cz",
    answered_title: "Odpovědi už byly odeslány",
    answered_body: "Tento dotazník už byl v tomto prohlížeči vyplněn. Chcete ho vyplnit znovu?",
    answer_again: "Vyplnit znovu",
    home_title: "Dotazníky",
    home_body: "Tento server provozuje dotazníky. Pro vyplnění otevřete odkaz na dotazník, který jste dostali.",
    popup_open: "Otevřít dotazník",
    popup_close: "Zavřít",
};

static EN: Texts = Texts {
    submit: "Submit",
    required_marker: "required",
    optional: "optional",
    choose: "— choose —",
    errors_summary: "Please correct the marked fields.",
    err_required: "This field is required.",
    err_email: "Enter a valid e-mail address.",
    err_option: "Choose one of the given answers.",
    err_number: "Enter a number.",
    err_range: "The value is out of the allowed range.",
    err_date: "Enter a date as YYYY-MM-DD.",
    err_too_long: "The answer is too long.",
    thanks_title: "Thank you!",
    thanks_default: "Your answers have been saved.",
    password_title: "Password-protected survey",
    password_label: "Password",
    password_submit: "Continue",
    password_wrong: "Wrong password.",
    already_title: "Survey already filled in",
    already_body: "Answers to this survey have already been sent from this browser.",
    closed_title: "This survey is closed",
    closed_body: "Thank you for your interest. This survey no longer takes answers.",
    not_yet_title: "This survey has not started yet",
    not_yet_body: "This survey does not take answers yet. Please come back later.",
    full_title: "We have all the answers we need",
    full_body: "Thank you for your interest. This survey has collected as many answers as it was meant to and is now closed.",
    not_found_title: "Survey not found",
    not_found_body: "This survey does not exist or has been removed.",
    too_large_title: "Too much data",
    too_large_body: "The submitted form is too large. Shorten your answers and try again.",
    bad_request_title: "Bad request",
    bad_request_body: "The submitted form could not be read.",
    error_title: "Something went wrong",
    error_body: "Please try again in a moment. Your answers were not saved.",
    too_many_title: "Too many attempts",
    too_many_body: "Too many forms were sent from this address. Please try again in a moment.",
    consent_yes: "yes",
    scale_low: "least",
    scale_high: "most",
    email_hint: "An e-mail address with a domain, e.g. jan@example.com",
    answered_title: "You have already answered",
    answered_body:
        "This survey has already been filled in from this browser. Would you like to answer again?",
    answer_again: "Answer again",
    home_title: "Surveys",
    home_body: "This server hosts surveys. To answer one, open the survey link you received.",
    popup_open: "Open the survey",
    popup_close: "Close",
};
