//! Every fixed text of the embeddable card, in the three languages its
//! readers work in (agents of Polish and Czech companies, and English).

use crate::contacts::Trouble;
use crate::db::DeliveryStatus;
use crate::domain::Language;

pub struct CardTexts {
    pub title: &'static str,
    pub name: &'static str,
    pub company: &'static str,
    pub phone: &'static str,
    pub score: &'static str,
    pub created: &'static str,
    pub modified: &'static str,
    pub last_visit: &'static str,
    pub marketing: &'static str,
    pub opted_in: &'static str,
    pub opted_out: &'static str,
    pub tags: &'static str,
    pub properties: &'static str,
    pub events: &'static str,
    pub sent: &'static str,
    pub nothing_sent: &'static str,
    pub survey_response: &'static str,
    pub not_found: &'static str,
    pub not_set_up: &'static str,
    pub credentials: &'static str,
    pub no_answer: &'static str,
    pub answered: &'static str,
    /// Followed by the seconds to wait.
    pub too_many: &'static str,
    pub no_key: &'static str,
    pub bad_key: &'static str,
    pub api_token: &'static str,
    pub forged: &'static str,
    pub expired: &'static str,
    pub bad_email: &'static str,
    /// Pending, delivered, failed, paused, skipped, ignored.
    pub statuses: [&'static str; 6],
}

const EN: CardTexts = CardTexts {
    title: "Contact card",
    name: "Name",
    company: "Company",
    phone: "Phone",
    score: "Score",
    created: "Created",
    modified: "Modified",
    last_visit: "Last visit",
    marketing: "E-mail marketing",
    opted_in: "opted in",
    opted_out: "opted out",
    tags: "Tags",
    properties: "Properties",
    events: "Events",
    sent: "Sent by ankieter",
    nothing_sent: "Nothing yet.",
    survey_response: "survey response",
    not_found: "Not in SALESmanago: no contact has this e-mail.",
    not_set_up: "SALESmanago is not set up for this account.",
    credentials: "SALESmanago refused the account's credentials; an administrator must check them.",
    no_answer: "SALESmanago did not answer just now; try again in a moment.",
    answered: "SALESmanago answered:",
    too_many: "Too many look-ups just now; try again in",
    no_key: "Open this card with a card key or a signed link.",
    bad_key: "This card key is not valid or was revoked.",
    api_token: "An API token does not open the card: create a card key.",
    forged: "This link is not valid.",
    expired: "This link has expired: open the card again from your helpdesk.",
    bad_email: "Give the customer's whole e-mail address.",
    statuses: [
        "pending",
        "delivered",
        "failed",
        "paused",
        "skipped",
        "ignored",
    ],
};

const PL: CardTexts = CardTexts {
    title: "Karta kontaktu",
    name: "Imię i nazwisko",
    company: "Firma",
    phone: "Telefon",
    score: "Scoring",
    created: "Utworzono",
    modified: "Zmieniono",
    last_visit: "Ostatnia wizyta",
    marketing: "Marketing e-mailowy",
    opted_in: "zgoda",
    opted_out: "wypisany",
    tags: "Tagi",
    properties: "Właściwości",
    events: "Zdarzenia",
    sent: "Wysłane przez ankieter",
    nothing_sent: "Jeszcze nic.",
    survey_response: "odpowiedź na ankietę",
    not_found: "Nie ma w SALESmanago: żaden kontakt nie ma tego adresu e-mail.",
    not_set_up: "SALESmanago nie jest skonfigurowane dla tego konta.",
    credentials: "SALESmanago odrzuciło dane dostępowe konta; administrator musi je sprawdzić.",
    no_answer: "SALESmanago teraz nie odpowiada; spróbuj ponownie za chwilę.",
    answered: "Odpowiedź SALESmanago:",
    too_many: "Zbyt wiele wyszukiwań; spróbuj ponownie za",
    no_key: "Otwórz tę kartę kluczem karty lub podpisanym linkiem.",
    bad_key: "Ten klucz karty jest nieprawidłowy lub został unieważniony.",
    api_token: "Token API nie otwiera karty: utwórz klucz karty.",
    forged: "Ten link jest nieprawidłowy.",
    expired: "Ten link wygasł: otwórz kartę ponownie z helpdesku.",
    bad_email: "Podaj pełny adres e-mail klienta.",
    statuses: [
        "oczekuje",
        "dostarczone",
        "nieudane",
        "wstrzymane",
        "pominięte",
        "zignorowane",
    ],
};

const CS: CardTexts = CardTexts {
    title: "Karta kontaktu",
    name: "Jméno",
    company: "Firma",
    phone: "Telefon",
    score: "Skóre",
    created: "Vytvořeno",
    modified: "Změněno",
    last_visit: "Poslední návštěva",
    marketing: "E-mailový marketing",
    opted_in: "přihlášen",
    opted_out: "odhlášen",
    tags: "Štítky",
    properties: "Vlastnosti",
    events: "Události",
    sent: "Odesláno ankieterem",
    nothing_sent: "Zatím nic.",
    survey_response: "odpověď na dotazník",
    not_found: "Není v SALESmanago: žádný kontakt nemá tento e-mail.",
    not_set_up: "SALESmanago není pro tento účet nastaveno.",
    credentials: "SALESmanago odmítlo přístupové údaje účtu; správce je musí zkontrolovat.",
    no_answer: "SALESmanago teď neodpovídá; zkuste to za chvíli znovu.",
    answered: "Odpověď SALESmanago:",
    too_many: "Příliš mnoho dotazů; zkuste to znovu za",
    no_key: "Otevřete tuto kartu klíčem karty nebo podepsaným odkazem.",
    bad_key: "Tento klíč karty je neplatný nebo byl zrušen.",
    api_token: "API token kartu neotevře: vytvořte klíč karty.",
    forged: "Tento odkaz je neplatný.",
    expired: "Platnost odkazu vypršela: otevřete kartu znovu z helpdesku.",
    bad_email: "Zadejte celou e-mailovou adresu zákazníka.",
    statuses: [
        "čeká",
        "doručeno",
        "selhalo",
        "pozastaveno",
        "přeskočeno",
        "ignorováno",
    ],
};

impl CardTexts {
    pub fn of(language: Language) -> &'static CardTexts {
        match language {
            Language::Pl => &PL,
            Language::Cs => &CS,
            Language::En => &EN,
        }
    }

    /// Why there is no SALESmanago data, in this language.
    pub fn trouble(&self, trouble: &Trouble) -> String {
        match trouble {
            Trouble::NotSetUp(_) => self.not_set_up.into(),
            Trouble::Credentials => self.credentials.into(),
            Trouble::NoAnswer => self.no_answer.into(),
            Trouble::Answered(message) => format!("{} {message}", self.answered),
            Trouble::TooManyLookups(seconds) => format!("{} {seconds} s.", self.too_many),
        }
    }

    pub fn status(&self, status: &DeliveryStatus) -> &'static str {
        let index = DeliveryStatus::ALL
            .iter()
            .position(|s| s == status)
            .unwrap_or(0);
        self.statuses[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statuses_are_in_the_order_of_delivery_status_all() {
        let names: Vec<_> = DeliveryStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, EN.statuses);
    }
}
