//! The words of the demonstration province: Vietnamese family, middle and given names with their
//! rough shares, place names, departments, kinds of public service units, and positions.

/// Family names with their rough share per thousand Vietnamese.
pub(super) const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 30),
    ("Huỳnh", 21),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 19),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đào", 8),
    ("Đoàn", 7),
    ("Trịnh", 6),
    ("Mai", 5),
    ("Hà", 5),
    ("Lương", 4),
    ("Cao", 4),
    ("Lưu", 4),
    ("Tạ", 3),
    ("Lâm", 3),
    ("Chu", 2),
    ("Tô", 2),
    ("Triệu", 2),
    ("Quách", 1),
    ("Kiều", 1),
];

pub(super) const MIDDLE_MALE: &[(&str, u32)] = &[
    ("Văn", 30),
    ("Đức", 8),
    ("Hữu", 7),
    ("Minh", 8),
    ("Quang", 6),
    ("Công", 5),
    ("Thành", 4),
    ("Xuân", 4),
    ("Ngọc", 3),
    ("Thanh", 4),
    ("Trọng", 3),
    ("Quốc", 4),
    ("Tuấn", 3),
    ("Duy", 3),
    ("Mạnh", 3),
    ("Đình", 5),
    ("Hoàng", 3),
    ("Anh", 2),
];

pub(super) const MIDDLE_FEMALE: &[(&str, u32)] = &[
    ("Thị", 40),
    ("Thu", 6),
    ("Ngọc", 7),
    ("Thanh", 5),
    ("Minh", 4),
    ("Kim", 4),
    ("Phương", 3),
    ("Bảo", 2),
    ("Mỹ", 3),
    ("Hồng", 4),
    ("Thùy", 4),
    ("Diệu", 2),
    ("Hải", 2),
    ("Khánh", 2),
    ("Tuyết", 2),
    ("Lan", 2),
];

pub(super) const GIVEN_MALE: &[&str] = &[
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Khoa",
    "Lâm", "Lộc", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài",
    "Tâm", "Thắng", "Thịnh", "Toàn", "Trí", "Trung", "Tú", "Tuấn", "Việt", "Vinh", "Vũ", "Hưng",
    "Đông", "Kiên", "Lực", "Thái",
];

pub(super) const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hương", "Huyền", "Lan",
    "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên",
    "Quỳnh", "Thảo", "Thủy", "Thư", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Ánh",
    "Hồng", "Lý", "Nhàn", "Thơ", "Vy",
];

/// Syllables of place names: a commune or ward is named "first second".
pub(super) const PLACE_FIRST: &[&str] = &[
    "Tân", "An", "Bình", "Hòa", "Phú", "Phước", "Thạnh", "Long", "Mỹ", "Vĩnh", "Đông", "Tây",
    "Nam", "Bắc", "Quang", "Minh", "Hưng", "Thái", "Thuận", "Xuân", "Hương", "Yên", "Kim", "Ngọc",
    "Hồng", "Đức", "Cẩm", "Lạc", "Phúc", "Trung", "Việt", "Hải", "Sơn", "Thanh", "Vân", "Tam",
    "Đại", "Quảng", "Gia", "Liên",
];

pub(super) const PLACE_SECOND: &[&str] = &[
    "Tiến", "Bình", "Hòa", "Phú", "Lợi", "Thành", "An", "Lộc", "Hưng", "Thịnh", "Phong", "Sơn",
    "Hải", "Lâm", "Điền", "Mỹ", "Thuận", "Trung", "Đông", "Tây", "Xuân", "Hiệp", "Khánh", "Quang",
    "Long", "Vinh", "Nghĩa", "Tân", "Hà", "Giang", "Châu", "Phước", "Thái", "Đức", "Yên", "Ninh",
    "Lạc", "Cường", "Hội", "Kiều",
];

pub(super) const DEPARTMENTS: &[&str] = &[
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Sở Ngoại vụ",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
];

/// Public service units: a kind of unit and the department it answers to (index in DEPARTMENTS).
pub(super) const SERVICE_KINDS: &[(&str, usize)] = &[
    ("Trường Trung học phổ thông", 4),
    ("Trường Trung học cơ sở", 4),
    ("Trường Tiểu học", 4),
    ("Trường Mầm non", 4),
    ("Trung tâm Y tế khu vực", 3),
    ("Trạm Y tế", 3),
    ("Trung tâm Dịch vụ nông nghiệp", 5),
    ("Trung tâm Văn hóa - Thể thao", 8),
];

pub(super) const DEPARTMENT_POSITIONS: &[(&str, u32)] = &[
    ("Giám đốc Sở", 1),
    ("Phó Giám đốc Sở", 3),
    ("Chánh Văn phòng", 2),
    ("Trưởng phòng", 8),
    ("Phó Trưởng phòng", 12),
    ("Chuyên viên chính", 20),
    ("Chuyên viên", 45),
    ("Thanh tra viên", 5),
    ("Kế toán viên", 4),
];

pub(super) const COMMUNE_POSITIONS: &[(&str, u32)] = &[
    ("Chủ tịch Ủy ban nhân dân", 1),
    ("Phó Chủ tịch Ủy ban nhân dân", 2),
    ("Chánh Văn phòng HĐND và UBND", 1),
    ("Trưởng phòng Kinh tế", 1),
    ("Trưởng phòng Văn hóa - Xã hội", 1),
    ("Chuyên viên Văn phòng HĐND và UBND", 12),
    ("Chuyên viên Phòng Kinh tế", 12),
    ("Chuyên viên Phòng Văn hóa - Xã hội", 12),
    ("Công chức Tư pháp - Hộ tịch", 6),
    ("Công chức Tài chính - Kế toán", 6),
    ("Công chức Địa chính - Xây dựng", 6),
    ("Công chức Trung tâm Phục vụ hành chính công", 10),
];

pub(super) const SERVICE_POSITIONS: &[(&str, u32)] = &[
    ("Giám đốc Trung tâm", 1),
    ("Phó Giám đốc Trung tâm", 2),
    ("Hiệu trưởng", 1),
    ("Phó Hiệu trưởng", 2),
    ("Giáo viên", 30),
    ("Bác sĩ", 10),
    ("Điều dưỡng", 10),
    ("Viên chức", 25),
    ("Kế toán viên", 5),
];
