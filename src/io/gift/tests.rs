//! The GIFT converter's tests: each question kind, problems and their lines, and the output as a
//! quiz file.

use super::parse::{blocks, parse_block, Kind, Opt, Parsed, Question};
use super::write::quote;
use super::*;

fn conv(gift: &str) -> Conversion {
    convert(gift, "q-gift", "mot-cua", "co-che-mot-cua", "test")
}

fn one(gift: &str) -> Question {
    let blocks = blocks(gift);
    assert_eq!(blocks.len(), 1, "{gift}");
    match parse_block(&blocks[0].text) {
        Ok(Parsed::Question(q)) => q,
        other => panic!("{gift}: {other:?}"),
    }
}

fn problem(gift: &str) -> ProblemKind {
    match parse_block(gift) {
        Err(k) => k,
        other => panic!("{gift}: {other:?}"),
    }
}

fn opt(text: &str, correct: bool, credit: Option<i32>) -> Opt {
    Opt {
        text: text.into(),
        correct,
        credit,
        feedback: None,
    }
}

fn with_feedback(mut o: Opt, feedback: &str) -> Opt {
    o.feedback = Some(feedback.into());
    o
}

/// The output parses as TOML with the quiz's shape.
fn parse(toml_text: &str) -> toml::Table {
    toml_text.parse::<toml::Table>().expect(toml_text)
}

#[test]
fn single_choice() {
    let q = one("Thủ đô của Việt Nam là gì? {=Hà Nội ~Huế ~Đà Nẵng}");
    assert_eq!(q.prompt, "Thủ đô của Việt Nam là gì?");
    assert_eq!(
        q.kind,
        Kind::Single(vec![
            opt("Hà Nội", true, None),
            opt("Huế", false, None),
            opt("Đà Nẵng", false, None)
        ])
    );
    assert_eq!(q.explanation, "Đáp án đúng: Hà Nội.");
    assert_eq!(q.title, None);
}

#[test]
fn answers_on_their_own_lines() {
    let q = one("Câu hỏi\n{\n  ~Sai một\n  =Đúng\n  ~Sai hai\n}");
    assert_eq!(q.prompt, "Câu hỏi");
    let Kind::Single(opts) = q.kind else { panic!() };
    assert_eq!(opts.len(), 3);
    assert!(opts[1].correct);
}

#[test]
fn multiple_choice_with_weights() {
    let q = one("Chọn các ý đúng {~%50%Một ~%50%Hai ~%-100%Ba ~Bốn}");
    assert_eq!(
        q.kind,
        Kind::Multiple(vec![
            opt("Một", true, Some(50)),
            opt("Hai", true, Some(50)),
            opt("Ba", false, Some(-100)),
            opt("Bốn", false, None)
        ])
    );
    assert_eq!(q.explanation, "Đáp án đúng: Một; Hai.");
}

#[test]
fn one_full_weight_without_equals_is_single() {
    let q = one("Câu {~%100%Đúng ~Sai ~%0%Cũng sai}");
    assert_eq!(
        q.kind,
        Kind::Single(vec![
            opt("Đúng", true, None),
            opt("Sai", false, None),
            opt("Cũng sai", false, None)
        ])
    );
}

#[test]
fn weights_that_do_not_add_to_100() {
    assert_eq!(
        problem("Câu {~%50%a ~%40%b ~c}"),
        ProblemKind::CreditSum(90)
    );
    assert_eq!(
        problem("Câu {~%33.33333%a ~%33.33333%b ~%33.33333%c}"),
        ProblemKind::BadWeight("33.33333".into())
    );
    assert_eq!(
        problem("Câu {~%150%a ~b}"),
        ProblemKind::BadWeight("150".into())
    );
    assert_eq!(problem("Câu {~a ~b}"), ProblemKind::NoRightAnswer);
}

#[test]
fn partial_weights_on_a_single_answer_question() {
    assert_eq!(problem("Câu {=a ~%50%b ~c}"), ProblemKind::PartialCredit);
    assert_eq!(problem("Câu {=a ~%-50%b ~c}"), ProblemKind::PartialCredit);
    assert_eq!(problem("Câu {=a =b ~c}"), ProblemKind::SeveralRight);
    assert_eq!(problem("Câu {=%50%a ~b}"), ProblemKind::PartialCredit);
}

#[test]
fn true_false() {
    let q = one("Mặt trời mọc ở hướng Đông. {T}");
    assert_eq!(q.kind, Kind::TrueFalse(true));
    assert_eq!(q.explanation, "Đáp án đúng: Đúng.");
    for (gift, answer) in [
        ("{TRUE}", true),
        ("{F}", false),
        ("{FALSE}", false),
        ("{false}", false),
    ] {
        assert_eq!(
            one(&format!("Câu {gift}")).kind,
            Kind::TrueFalse(answer),
            "{gift}"
        );
    }
    let q = one("Câu {FALSE#Sai rồi, xem lại.#Đúng vậy: hướng Đông.}");
    assert_eq!(q.kind, Kind::TrueFalse(false));
    assert_eq!(q.explanation, "Đúng vậy: hướng Đông.");
    let q = one("Câu {T#Chỉ phản hồi khi sai}");
    assert_eq!(q.explanation, "Đáp án đúng: Đúng.");
}

#[test]
fn short_answer() {
    let q = one("Hai cộng hai bằng mấy? {=4 =bốn =Bốn}");
    assert_eq!(
        q.kind,
        Kind::Text(vec!["4".into(), "bốn".into(), "Bốn".into()])
    );
    assert_eq!(q.explanation, "Đáp án đúng: 4; bốn; Bốn.");
    assert_eq!(problem("Câu {=%50%a =b}"), ProblemKind::PartialCredit);
    assert_eq!(one("Câu {=%100%a}").kind, Kind::Text(vec!["a".into()]));
}

#[test]
fn answer_feedback_stays_on_its_option_and_general_feedback_is_the_explanation() {
    let q = one("Câu {=Đúng#Vì lý do A. ~Sai#Không phải. ####Giải thích chung.}");
    assert_eq!(q.explanation, "Giải thích chung.");
    assert_eq!(
        q.kind,
        Kind::Single(vec![
            with_feedback(opt("Đúng", true, None), "Vì lý do A."),
            with_feedback(opt("Sai", false, None), "Không phải."),
        ])
    );
    // Without general feedback the explanation restates the key; each option keeps its own.
    let q = one("Câu {~%50%a#Lý do a ~%50%b#Lý do b ~c#không ~d#}");
    assert_eq!(q.explanation, "Đáp án đúng: a; b.");
    assert_eq!(
        q.kind,
        Kind::Multiple(vec![
            with_feedback(opt("a", true, Some(50)), "Lý do a"),
            with_feedback(opt("b", true, Some(50)), "Lý do b"),
            with_feedback(opt("c", false, None), "không"),
            opt("d", false, None),
        ])
    );
    // Short answers and true/false have no options: their feedback still explains.
    let q = one("Câu {=x#Chung =y#Chung}");
    assert_eq!(q.explanation, "Chung");
    let q = one("Câu {T####Chỉ có phản hồi chung.}");
    assert_eq!(q.explanation, "Chỉ có phản hồi chung.");
}

#[test]
fn option_feedback_is_written_to_the_quiz_file() {
    let c = conv("Câu {=Đúng#Vì \"A\". ~Sai#Không phải\\: xem Điều 5. ####Chung.}\n");
    let t = parse(&c.toml);
    let opts = t["question"][0]["options"].as_array().unwrap();
    assert_eq!(opts[0]["feedback"]["vi"].as_str(), Some("Vì \"A\"."));
    assert_eq!(
        opts[1]["feedback"]["vi"].as_str(),
        Some("Không phải: xem Điều 5.")
    );
    assert_eq!(
        t["question"][0]["explanation"]["vi"].as_str(),
        Some("Chung.")
    );
}

#[test]
fn title_and_escapes() {
    let q = one(
        "::Câu 1\\: tiêu đề::Dấu \\{ngoặc\\} và \\= \\~ \\# \\\\ nhé\\nDòng hai {=a\\=b ~c\\#d}",
    );
    assert_eq!(q.title.as_deref(), Some("Câu 1: tiêu đề"));
    assert_eq!(q.prompt, "Dấu {ngoặc} và = ~ # \\ nhé\nDòng hai");
    assert_eq!(
        q.kind,
        Kind::Single(vec![opt("a=b", true, None), opt("c#d", false, None)])
    );
    // A backslash before anything else stays.
    assert_eq!(one("Đường dẫn C\\tmp {T}").prompt, "Đường dẫn C\\tmp");
}

#[test]
fn formats() {
    let q = one("[html]<p>Chọn <b>một</b> &amp; chỉ một<br/>đáp án</p> {=<i>Có</i> ~Không}");
    assert_eq!(q.prompt, "Chọn một & chỉ một\nđáp án");
    assert_eq!(
        q.kind,
        Kind::Single(vec![opt("Có", true, None), opt("Không", false, None)])
    );
    let q = one("::T::[markdown]Văn bản **đậm** {T}");
    assert_eq!(q.prompt, "Văn bản **đậm**");
    assert_eq!(one("[plain] Thuần {T}").prompt, "Thuần");
    assert_eq!(one("[moodle]Mặc định {T}").prompt, "Mặc định");
    // An unknown bracket is text.
    assert_eq!(one("[ghi chú] Câu {T}").prompt, "[ghi chú] Câu");
}

#[test]
fn missing_word() {
    let q = one("Bộ phận {~Hai cửa =Một cửa ~Ba cửa} tiếp nhận hồ sơ.");
    assert_eq!(q.prompt, "Bộ phận _____ tiếp nhận hồ sơ.");
    assert_eq!(q.explanation, "Đáp án đúng: Một cửa.");
    let q = one("{=Hai =2} cộng hai bằng bốn.");
    assert_eq!(q.prompt, "_____ cộng hai bằng bốn.");
    assert_eq!(q.kind, Kind::Text(vec!["Hai".into(), "2".into()]));
}

#[test]
fn unsupported_kinds() {
    assert_eq!(problem("Số {#3:1}"), ProblemKind::Numerical);
    assert_eq!(problem("Viết {}"), ProblemKind::Essay);
    assert_eq!(problem("Viết {####Gợi ý}"), ProblemKind::Essay);
    assert_eq!(problem("Chỉ là lời dẫn."), ProblemKind::Description);
    assert_eq!(problem("::Tiêu đề:: Lời dẫn"), ProblemKind::Description);
}

#[test]
fn malformed_questions() {
    assert!(matches!(problem("Thiếu ngoặc {=a ~b"), ProblemKind::Syntax(n) if n == "{=a ~b"));
    assert!(matches!(problem("Thiếu mở =a ~b}"), ProblemKind::Syntax(_)));
    assert!(matches!(
        problem("::Tiêu đề không đóng {T}"),
        ProblemKind::Syntax(_)
    ));
    assert!(matches!(problem("Hai chỗ {=a} và {=b}"), ProblemKind::Syntax(n) if n == "{=b}"));
    assert!(matches!(problem("Chữ {lạ =a ~b}"), ProblemKind::Syntax(_)));
    assert!(matches!(problem("Chữ {lạ}"), ProblemKind::Syntax(_)));
    assert_eq!(problem("{=a ~b}"), ProblemKind::NoText);
    assert_eq!(problem("Câu {=a ~}"), ProblemKind::EmptyAnswer);
    assert_eq!(problem("Câu {~%100%a}"), ProblemKind::FewOptions);
    assert_eq!(
        problem("Câu {=Cả A và B ~A ~B}"),
        ProblemKind::DependentOption("Cả A và B".into())
    );
    assert!(matches!(problem("Câu {~%50a ~b}"), ProblemKind::Syntax(_)));
}

#[test]
fn problems_name_the_line_where_the_question_starts() {
    let gift = "// chú thích\n\
                    $CATEGORY: $course$/Một cửa\n\
                    \n\
                    ::Q1:: Câu một {T}\n\
                    \n\
                    // chú thích trước câu\n\
                    Ghép cặp {\n\
                    =a -> b\n\
                    =c -> d\n\
                    }\n\
                    \n\
                    \n\
                    Số {#5}\n\
                    \n\
                    Câu bốn {=x ~y}\n\
                    \n\
                    Lời dẫn không có đáp án.\n";
    let c = conv(gift);
    assert_eq!(c.converted, 3);
    assert_eq!(
        c.problems,
        vec![
            Problem {
                line: 13,
                kind: ProblemKind::Numerical
            },
            Problem {
                line: 17,
                kind: ProblemKind::Description
            },
        ]
    );
    assert!(c.toml.contains("# $CATEGORY: $course$/Một cửa\n"));
    assert!(c.toml.contains("# Q1\n[[question]]\nid = \"q001\""));
}

#[test]
fn a_category_is_written_above_the_next_converted_question() {
    let c = conv("$CATEGORY: A\n\nCâu {T}\n\n$CATEGORY: B\n\nSố {#1}\n");
    assert!(
        c.toml.contains("\n# $CATEGORY: A\n\n[[question]]\n"),
        "{}",
        c.toml
    );
    assert!(!c.toml.contains("$CATEGORY: B"));
}

#[test]
fn the_output_is_a_quiz_file() {
    let gift = "::Một:: Câu \"một\" có \\\\ và\\nxuống dòng {=a ~b}\n\n\
                    Câu hai {~%50%a ~%50%b ~%-50%c}\n\nCâu ba {TRUE}\n\nCâu bốn {=x =y}\n";
    let c = conv(gift);
    assert_eq!(c.converted, 4);
    assert!(c.problems.is_empty());
    let t = parse(&c.toml);
    assert_eq!(t["id"].as_str(), Some("q-gift"));
    assert_eq!(t["version"].as_str(), Some("1.0.0"));
    assert_eq!(t["course"].as_str(), Some("mot-cua"));
    assert_eq!(t["title"]["vi"].as_str(), Some("Nhập từ GIFT: test"));
    assert_eq!(t["title"]["en"].as_str(), Some("Imported from GIFT: test"));
    assert_eq!(t["pass_mark"].as_integer(), Some(80));
    assert_eq!(t["shuffle_questions"].as_bool(), Some(true));
    assert_eq!(t["shuffle_options"].as_bool(), Some(true));
    let qs = t["question"].as_array().unwrap();
    assert_eq!(qs.len(), 4);
    for (i, q) in qs.iter().enumerate() {
        assert_eq!(q["id"].as_str(), Some(format!("q{:03}", i + 1).as_str()));
        assert_eq!(q["lesson"].as_str(), Some("mot-cua/co-che-mot-cua"));
        assert!(q["explanation"]["vi"].as_str().is_some());
        assert!(q.get("cite").is_none());
    }
    assert_eq!(
        qs[0]["prompt"]["vi"].as_str(),
        Some("Câu \"một\" có \\ và\nxuống dòng")
    );
    assert_eq!(qs[0]["kind"].as_str(), Some("single"));
    assert_eq!(qs[1]["kind"].as_str(), Some("multiple"));
    let opts = qs[1]["options"].as_array().unwrap();
    assert_eq!(opts[2]["id"].as_str(), Some("c"));
    assert_eq!(opts[2]["credit"].as_integer(), Some(-50));
    assert!(opts[2].get("correct").is_none());
    assert_eq!(qs[2]["answer"].as_bool(), Some(true));
    let accept: Vec<_> = qs[3]["accept"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(accept, ["x", "y"]);
}

#[test]
fn toml_strings_are_escaped() {
    assert_eq!(
        quote("a\"b\\c\nd\te\u{1}"),
        "\"a\\\"b\\\\c\\nd\\te\\u0001\""
    );
    let t = parse(&format!("x = {}", quote("\"\\\n\r\t\u{7f}\u{1b}ơ")));
    assert_eq!(t["x"].as_str(), Some("\"\\\n\r\t\u{7f}\u{1b}ơ"));
}

#[test]
fn bom_crlf_and_nfd_input() {
    let c = conv("\u{feff}Cau ho\u{0309}i {T}\r\n\r\nCâu hai {F}\r\n");
    assert_eq!(c.converted, 2);
    assert!(c.toml.contains("prompt = { vi = \"Cau hỏi\" }"));
    assert!(!c.toml.contains('\r'));
}

#[test]
fn every_problem_has_a_message_id() {
    let kinds = [
        ProblemKind::Numerical,
        ProblemKind::Essay,
        ProblemKind::Description,
        ProblemKind::PartialCredit,
        ProblemKind::SeveralRight,
        ProblemKind::CreditSum(90),
        ProblemKind::BadWeight("33.3".into()),
        ProblemKind::NoRightAnswer,
        ProblemKind::FewOptions,
        ProblemKind::EmptyAnswer,
        ProblemKind::NoText,
        ProblemKind::DependentOption("x".into()),
        ProblemKind::Syntax("x".into()),
        ProblemKind::BadDirective("x".into()),
    ];
    let i18n = crate::domain::i18n::I18n::new(crate::domain::i18n::Lang::Vi);
    let en = crate::domain::i18n::I18n::new(crate::domain::i18n::Lang::En);
    for k in kinds {
        assert!(k.msg_id().starts_with("gift-"));
        assert!(i18n.has(k.msg_id()) && en.has(k.msg_id()), "{}", k.msg_id());
    }
}

#[test]
fn a_title_that_is_an_id_becomes_the_id_once() {
    let c = conv("::q-a::Một {T}\n\n::q-a::Hai {F}\n\n::Câu 3::Ba {T}\n\n::q004::Bốn {T}\n");
    let t = parse(&c.toml);
    let ids: Vec<&str> = t["question"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    // The second "q-a" and the title that is not an id get generated ids, none taken twice.
    assert_eq!(ids, ["q-a", "q002", "q003", "q004"]);
    let c = conv("::q002::Một {T}\n\nHai {F}\n");
    let t = parse(&c.toml);
    assert_eq!(t["question"][1]["id"].as_str(), Some("q003"));
}

#[test]
fn danvan_comments_set_points_and_ignore_diacritics() {
    let c = conv(
        "// danvan: points=3\n::a::Một {=x =y}\n\n\
         // danvan: ignore_diacritics, points=2\n// chú thích thường\nHai {=Hà Nội}\n\n\
         // chú thích\nBa {T}\n",
    );
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let t = parse(&c.toml);
    let qs = t["question"].as_array().unwrap();
    assert_eq!(qs[0]["points"].as_integer(), Some(3));
    assert!(qs[0].get("ignore_diacritics").is_none());
    assert_eq!(qs[1]["points"].as_integer(), Some(2));
    assert_eq!(qs[1]["ignore_diacritics"].as_bool(), Some(true));
    assert!(qs[2].get("points").is_none());
}

#[test]
fn a_bad_danvan_comment_skips_its_question_on_its_line() {
    let c =
        conv("Một {T}\n\n// danvan: points=0\nHai {T}\n\n// danvan: weight=2\nBa {T}\n\nBốn {T}\n");
    assert_eq!(c.converted, 2);
    assert_eq!(
        c.problems,
        vec![
            Problem {
                line: 4,
                kind: ProblemKind::BadDirective("points=0".into())
            },
            Problem {
                line: 7,
                kind: ProblemKind::BadDirective("weight=2".into())
            },
        ]
    );
}

#[test]
fn export_escapes_what_gift_reads_as_syntax() {
    use super::export::escape;
    assert_eq!(
        escape("a~b=c#d{e}f:g\\h\ni\u{1b}j"),
        r"a\~b\=c\#d\{e\}f\:g\\h\nij"
    );
    // What is escaped reads back as the same text.
    let text = "Điều 5: {a} = ~b #c \\ d\ne";
    let q = one(&format!("::x::{} {{T}}", escape(text)));
    assert_eq!(q.prompt, text);
}

#[test]
fn matching_pairs() {
    let q = one("::m::Ghép văn bản với năm {\n =Luật 10/2022/QH15 -> 2022\n =Pháp lệnh 34 -> 2007 #không dùng\n ####Theo số hiệu.\n}");
    assert_eq!(
        q.kind,
        Kind::Matching(vec![
            ("Luật 10/2022/QH15".into(), "2022".into()),
            ("Pháp lệnh 34".into(), "2007".into()),
        ])
    );
    assert_eq!(q.explanation, "Theo số hiệu.");
    let q = one("Ghép {=a -> 1 =b\\-\\>x -> 2}");
    assert_eq!(q.explanation, "Đáp án đúng: a → 1; b\\-\\>x → 2.");
    assert_eq!(problem("Ghép {=a -> 1}"), ProblemKind::FewOptions);
    assert_eq!(problem("Ghép {=a -> 1 = -> 2}"), ProblemKind::EmptyAnswer);
    assert_eq!(problem("Ghép {=a -> 1 =b -> }"), ProblemKind::EmptyAnswer);
    assert!(matches!(
        problem("Ghép {=a -> 1 =b}"),
        ProblemKind::Syntax(_)
    ));
    assert!(matches!(
        problem("Ghép {=%50%a -> 1 =b -> 2}"),
        ProblemKind::Syntax(_)
    ));

    let c = conv("Ghép {=a -> 1 =b -> 2}\n");
    let t = parse(&c.toml);
    let qs = t["question"].as_array().unwrap();
    assert_eq!(qs[0]["kind"].as_str(), Some("matching"));
    let pairs = qs[0]["pairs"].as_array().unwrap();
    assert_eq!(pairs[1]["id"].as_str(), Some("b"));
    assert_eq!(pairs[1]["left"]["vi"].as_str(), Some("b"));
    assert_eq!(pairs[1]["right"]["vi"].as_str(), Some("2"));
}
