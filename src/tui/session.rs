//! What every screen may use, whichever is on top: the store, the pack, the language, the
//! terminal's size, who is signed in and the status line. Screens get this, never the `App`.

use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang, Msg};
use crate::domain::people::Person;
use crate::domain::search::SearchIndex;
use crate::store::{settings, Store, StoreError};

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
    /// Draw without colour (the `NO_COLOR` convention): `view` takes the colours out of the
    /// finished frame, so no screen has to know.
    pub no_color: bool,
    /// The first store error met by a `read` since the last update; `App` moves it to `status`.
    /// A cell, because screens build their state from a shared `&Session`.
    pub read_error: std::cell::RefCell<Option<Msg>>,
    /// A paste is being handed over, one `Input` per character: screens put the characters in
    /// and leave what they do per change (a search) to the `PasteEnd` that follows.
    pub pasting: bool,
    /// The lessons indexed for search, one per language, each built on its first search.
    pub search_index: [std::cell::OnceCell<SearchIndex>; 2],
    /// How many indexes were built (a test counts them: once per language, never per key).
    pub search_index_builds: std::cell::Cell<u32>,
    /// Evidence files' fingerprints, hashed again only when a file's size or time changed.
    pub file_hashes: crate::io::file::HashCache,
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

    /// A store read a screen needs: its value, or on an error the error on the status line (with
    /// the file and its cause) and an empty value, so the screen shows why it is empty.
    pub fn read<T: Default>(&self, r: Result<T, StoreError>) -> T {
        r.unwrap_or_else(|e| {
            let e = e.at(self.store.path());
            self.read_error.borrow_mut().get_or_insert(e.msg());
            T::default()
        })
    }

    /// Put the error a `read` met, if any, on the status line.
    pub fn show_read_error(&mut self) {
        if let Some(m) = self.read_error.get_mut().take() {
            self.error(&m);
        }
    }

    /// What the banner says, and every refused write, once the file was found damaged.
    pub fn damaged_msg(&self) -> Msg {
        StoreError::Damaged {
            path: self.store.path().to_path_buf(),
            // What `quick_check` found (asked only once the file was marked damaged).
            detail: self.store.damage().unwrap_or("").to_string(),
        }
        .msg()
    }

    /// The search index of the language on screen, built the first time it is asked for.
    pub fn search_index(&self) -> &SearchIndex {
        let lang = self.lang();
        let slot = match lang {
            Lang::Vi => &self.search_index[0],
            Lang::En => &self.search_index[1],
        };
        slot.get_or_init(|| {
            self.search_index_builds
                .set(self.search_index_builds.get() + 1);
            SearchIndex::build(&self.pack, lang)
        })
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
