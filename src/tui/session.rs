//! What every screen may use, whichever is on top: the store, the pack, the language, the
//! terminal's size, who is signed in and the status line. Screens get this, never the `App`.

use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang, Msg};
use crate::domain::people::Person;
use crate::store::{settings, Store};

pub struct Session {
    pub store: Store,
    pub pack: Pack,
    pub i18n: I18n,
    pub size: (u16, u16),
    pub person: Option<Person>,
    /// One line shown above the footer: an error, or a confirmation.
    pub status: Option<(String, bool)>,
    /// A demo database: the header says so on every screen.
    pub demo: bool,
}

impl Session {
    pub fn lang(&self) -> Lang {
        self.i18n.lang()
    }

    pub fn t(&self, id: &str) -> String {
        self.i18n.t(id)
    }

    /// Show a store or input error on the status line.
    pub fn error(&mut self, m: &Msg) {
        self.status = Some((self.i18n.msg(m), true));
    }

    pub fn info(&mut self, m: &Msg) {
        self.status = Some((self.i18n.msg(m), false));
    }

    pub fn person_id(&self) -> Option<String> {
        self.person.as_ref().map(|p| p.id.clone())
    }

    /// Sign a person in, remembered for the next start.
    pub fn set_person(&mut self, p: Person) {
        if let Err(e) = self.store.set_setting(settings::LAST_PERSON, &p.id) {
            self.error(&e.msg());
        }
        self.person = Some(p);
    }
}
