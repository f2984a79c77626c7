//! Officials and their units, as the kit knows them wherever they are stored or written.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A provincial department or agency (sở, ban, ngành).
    Department,
    /// A commune-level People's Committee (UBND xã, phường).
    Commune,
    /// A public service unit (đơn vị sự nghiệp công lập).
    PublicService,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 4] = [
        UnitKind::Department,
        UnitKind::Commune,
        UnitKind::PublicService,
        UnitKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Commune => "commune",
            UnitKind::PublicService => "public-service",
            UnitKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }

    /// The kind a stored key names; a key this build does not know (written by a newer one)
    /// reads as `Other`. Every read of a unit's kind from the database goes through here.
    pub fn stored(s: &str) -> UnitKind {
        Self::parse(s).unwrap_or(UnitKind::Other)
    }

    /// The Fluent id of the kind's name.
    pub fn msg_id(self) -> &'static str {
        match self {
            UnitKind::Department => "unit-kind-department",
            UnitKind::Commune => "unit-kind-commune",
            UnitKind::PublicService => "unit-kind-public-service",
            UnitKind::Other => "unit-kind-other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub full_name: String,
    pub staff_code: Option<String>,
    pub unit_id: Option<String>,
    pub position: String,
    /// ISO date.
    pub appointed_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewPerson {
    pub full_name: String,
    pub staff_code: Option<String>,
    pub unit_id: Option<String>,
    pub position: String,
    pub appointed_on: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::UnitKind;

    #[test]
    fn a_stored_kind_reads_back_and_an_unknown_one_reads_as_other() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::stored(k.key()), k);
        }
        assert_eq!(UnitKind::stored("province-office"), UnitKind::Other);
        assert_eq!(UnitKind::stored(""), UnitKind::Other);
    }
}
