# danvan — giao diện tiếng Việt. Tiếng Việt không có dạng số nhiều: chỉ dùng *[other].

app-title = danvan · Dân vận và dân chủ ở cơ sở

## Trang chính
home-courses = Khóa học
home-lessons-read = Đã đọc { $read }/{ $total } bài
home-quizzes = Bài kiểm tra
home-assessment = Tự đánh giá hằng năm
home-records = Hồ sơ học tập (dành cho người phụ trách đào tạo)
home-coming = sắp có
coming-records = Phần hồ sơ (danh sách cán bộ, kết quả học tập, xuất dữ liệu) đang được xây dựng và sẽ có trong bản sau.

## Phím
key-up = lên
key-down = xuống
key-move = di chuyển
key-open = mở
key-back = quay lại
key-help = trợ giúp
key-quit = thoát
key-search = tìm kiếm
key-lang = đổi ngôn ngữ (Tiếng Việt/English)
key-page-up = trang trước
key-page-down = trang sau
key-top = về đầu bài
key-bottom = đến cuối bài
key-profiles = đổi người học
key-scroll = cuộn
key-next-lesson = bài sau
key-prev-lesson = bài trước
key-choose = chọn
key-new-profile = thêm người học
key-next-field = ô tiếp theo
key-prev-field = ô trước
key-choose-option = đổi lựa chọn
key-cancel = hủy
key-cursor = di chuyển con trỏ

help-title = Phím tắt
help-close = Nhấn Esc hoặc ? để đóng.
too-small = Cửa sổ quá nhỏ. Hãy phóng to cửa sổ dòng lệnh lên ít nhất { $width } cột × { $height } dòng.

## Đọc bài
reader-sources = Căn cứ pháp lý
reader-end = — Hết bài —
reader-replaced-from = đã được thay thế bởi { $by } từ ngày { $date }
reader-replaced = đã được thay thế bởi { $by }
reader-last-lesson = Đây là bài cuối của khóa học.
reader-first-lesson = Đây là bài đầu của khóa học.

## Người học
profiles-title = Người học trên máy này
profile-welcome = Chào mừng bạn đến với danvan
profile-new = Thêm người học
profile-intro = Hãy nhập thông tin của bạn. Nhiều người có thể dùng chung một máy; mỗi người có tiến độ học riêng.
profile-name = Họ và tên
profile-staff-code = Mã cán bộ
profile-unit = Đơn vị
profile-unit-code = Mã đơn vị
profile-unit-name = Tên đơn vị
profile-unit-kind = Loại đơn vị
profile-position = Chức vụ
profile-appointed = Ngày bổ nhiệm
profile-unit-none = (chưa chọn)
profile-unit-add = + Thêm đơn vị mới
profile-date-hint = ngày/tháng/năm, ví dụ 01/03/2026
profile-optional = không bắt buộc
profile-error-name = Vui lòng nhập họ và tên.
profile-error-date = Ngày bổ nhiệm không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 01/03/2026.
profile-error-unit-code = Vui lòng nhập mã đơn vị.
profile-error-unit-name = Vui lòng nhập tên đơn vị.
profile-saved = Đã lưu hồ sơ của { $name }.

unit-kind-department = Sở, ban, ngành cấp tỉnh
unit-kind-commune = UBND cấp xã
unit-kind-public-service = Đơn vị sự nghiệp công lập
unit-kind-other = Khác

## Tìm kiếm
search-title = Tìm trong tất cả bài học
search-hint = gõ có dấu hoặc không dấu, ví dụ: dan van
search-count = { $count } kết quả
search-none = Không tìm thấy kết quả nào.

## Cơ sở dữ liệu
store-not-danvan = { $path } không phải là cơ sở dữ liệu của danvan. Tệp được giữ nguyên; hãy chọn tệp khác bằng --db.
store-newer = { $path } được tạo bởi phiên bản danvan mới hơn (lược đồ { $found }, bản này hỗ trợ đến { $supported }). Tệp được giữ nguyên; hãy cập nhật danvan.
store-corrupt = { $path } bị hỏng ({ $detail }). Tệp được giữ nguyên; hãy khôi phục từ bản sao lưu bằng "danvan restore".
store-duplicate = { $field ->
    [staff_code] Mã cán bộ
    [code] Mã đơn vị
   *[other] { $field }
} "{ $value }" đã có trong dữ liệu.
store-invalid = Giá trị không hợp lệ ở trường { $field ->
    [full_name] họ và tên
    [appointed_on] ngày bổ nhiệm
    [code] mã đơn vị
    [name] tên đơn vị
   *[other] { $field }
}: "{ $value }".
store-exists = { $path } đã tồn tại; danvan không ghi đè tệp có sẵn.
store-io = Không truy cập được { $path }: { $detail }. Hãy kiểm tra quyền ghi của thư mục hoặc chọn nơi khác bằng --db.
store-sqlite = Lỗi cơ sở dữ liệu: { $detail }
store-no-data-dir = Không tìm thấy thư mục dữ liệu của người dùng; hãy chỉ định tệp bằng --db.
store-missing = Chưa có cơ sở dữ liệu { $path }.
backup-done = Đã sao lưu vào { $path }.
restore-done = Đã khôi phục từ { $path }. Dữ liệu trước đó được giữ tại { $kept }.

## Nội dung
content-read-failed = Không đọc được bộ nội dung: { $detail }
content-invalid = Bộ nội dung có lỗi; chạy "danvan check" để xem chi tiết.
tui-start-failed = Không mở được giao diện dòng lệnh: { $detail }

## danvan check
check-not-utf8 = tệp không phải UTF-8
check-no-sources = thiếu tệp courses/sources.toml (danh mục văn bản)
check-toml = { $detail }
check-empty-vi = trường "{ $field }" thiếu nội dung tiếng Việt
check-missing-en = trường "{ $field }" chưa có bản tiếng Anh (sẽ hiển thị tiếng Việt)
check-bad-id = mã "{ $id }" không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang
check-duplicate-id = mã "{ $id }" bị trùng
check-unknown-source = không có văn bản "{ $source }" trong courses/sources.toml
check-replaced-source = văn bản "{ $source }" đã được thay thế bởi "{ $replacement }" nhưng không trích dẫn văn bản thay thế
check-bad-value = giá trị "{ $value }" không hợp lệ cho trường "{ $field }"
check-bad-date = ngày "{ $value }" không hợp lệ: dùng YYYY-MM-DD hoặc YYYY
check-replaced-by-in-force = văn bản còn hiệu lực không được có replaced_by
check-replaced-without-by = văn bản đã bị thay thế phải có replaced_by
check-no-lessons = khóa học "{ $course }" chưa có bài nào
check-bad-task = nhiệm vụ { $task } không có: Chỉ thị có các nhiệm vụ từ 1 đến 10
check-empty-lesson = bài "{ $lesson }" không có nội dung
check-markdown = Markdown ngoài phạm vi hỗ trợ: { $detail }
check-unknown-lesson = không có bài "{ $lesson }" (dạng khóa-học/bài)
check-unknown-course = không có khóa học "{ $course }"
check-unknown-quiz = không có ngân hàng câu hỏi "{ $quiz }"
check-draw-too-large = rút { $count } câu nhưng chỉ có { $available } câu
check-pass-mark = điểm đạt phải từ 0 đến 100 (%)
check-quiz-no-course = bài kiểm tra cần "course" hoặc "draw"
check-quiz-empty = bài kiểm tra không có câu hỏi nào
check-dependent-option = phương án "{ $text }" phụ thuộc các phương án khác, sai khi đảo thứ tự phương án
check-bad-credit = điểm từng phần phải từ -100 đến 100 (%)
check-few-options = câu "{ $question }" cần ít nhất 2 phương án
check-no-right-answer = câu "{ $question }" không có đáp án đúng
check-single-many-right = câu "{ $question }" chỉ chọn một nhưng có nhiều đáp án đúng
check-credit-sum = câu "{ $question }": tổng điểm các đáp án đúng là { $sum }%, phải bằng 100%
check-answer-names-no-option = câu "{ $question }": "answer"/"accept" không dùng cho câu có phương án
check-options-not-allowed = câu "{ $question }" không dùng phương án (options)
check-no-citation = câu "{ $question }" chưa có căn cứ trích dẫn
check-summary = { $errors } lỗi, { $warnings } cảnh báo

stats-course = Khóa học
stats-lessons = Số bài
stats-words-vi = Số từ (vi)
stats-words-en = Số từ (en)
stats-citations = Trích dẫn
stats-quiz = Bài kiểm tra
stats-questions = Số câu

## Trích dẫn văn bản
source-kind-luat = Luật
source-kind-phap-lenh = Pháp lệnh
source-kind-nghi-quyet = Nghị quyết
source-kind-nghi-dinh = Nghị định
source-kind-quyet-dinh = Quyết định
source-kind-chi-thi = Chỉ thị
source-kind-thong-tu = Thông tư
source-kind-ket-luan = Kết luận
source-kind-quy-dinh = Quy định
source-kind-cong-van = Công văn
cite-number = số { $number }
cite-date = ngày { $date }
cite-year = năm { $year }
cite-issuer = của { $issuer }

## Bài kiểm tra
quiz-true = Đúng
quiz-false = Sai
quiz-no-answer = (chưa trả lời)
quiz-question-n = Câu { $n }/{ $total }
quiz-right = Đúng!
quiz-wrong = Chưa đúng.
quiz-partly = Đúng một phần: { $points }/{ $max } điểm.
quiz-right-answer = Đáp án đúng
quiz-time-up = Đã hết thời gian làm bài; bài được nộp với các câu đã trả lời.
quiz-result = Kết quả: { $earned }/{ $max } điểm ({ $percent }); điểm đạt { $pass }%.
quiz-passed = ĐẠT
quiz-failed = CHƯA ĐẠT
quiz-closed-changed = Bài kiểm tra đã được cập nhật từ lần làm trước; lần làm dở dang đã được đóng và chấm trên các câu đã trả lời ({ $score }). Bạn bắt đầu một lần làm mới.
quiz-limit-reached = Bạn đã dùng hết số lần làm bài ({ $used }/{ $max }). Hãy liên hệ người phụ trách đào tạo.
quiz-course-completed = Chúc mừng! Bạn đã hoàn thành khóa học.
plain-no-person = Không có cán bộ nào có mã "{ $code }".
plain-no-quiz = Không có bài kiểm tra "{ $quiz }"; xem danh sách bằng "danvan list".
plain-ask-name = Họ và tên của bạn:
plain-resumed = Tiếp tục lần làm bài dở dang: đã trả lời { $done }/{ $total } câu.
plain-hint-single = (gõ một chữ cái, ví dụ: a)
plain-hint-multiple = (gõ các chữ cái cách nhau bằng dấu phẩy, ví dụ: a,c)
plain-hint-true-false = (gõ: đúng hoặc sai)
plain-hint-text = (gõ câu trả lời)
plain-bad-answer = Không hiểu câu trả lời; hãy gõ lại.
plain-saved-for-later = Các câu trả lời đã được lưu; lần sau bạn có thể làm tiếp.

## Nhập câu hỏi từ tệp GIFT (danvan import-gift)
gift-unsupported-matching = câu hỏi ghép cặp chưa được hỗ trợ; đã bỏ qua
gift-unsupported-numerical = câu hỏi trả lời bằng số chưa được hỗ trợ; đã bỏ qua
gift-unsupported-essay = câu hỏi tự luận chưa được hỗ trợ; đã bỏ qua
gift-unsupported-description = đoạn văn không có đáp án (lời dẫn) không phải là câu hỏi; đã bỏ qua
gift-partial-credit = câu hỏi một đáp án (hoặc trả lời ngắn) có điểm từng phần hoặc điểm âm, trong khi danvan chỉ chấm đúng hoặc sai; đã bỏ qua
gift-several-right = câu hỏi một đáp án lại có nhiều đáp án đúng trọn điểm; đã bỏ qua
gift-credit-sum = điểm của các đáp án đúng cộng lại được { $sum }%, không phải 100%; đã bỏ qua
gift-bad-weight = trọng số “{ $weight }%” không phải số phần trăm nguyên từ -100 đến 100; đã bỏ qua
gift-no-right-answer = không có đáp án nào được đánh dấu là đúng; đã bỏ qua
gift-few-options = câu hỏi lựa chọn cần ít nhất hai phương án; đã bỏ qua
gift-empty-answer = có một đáp án để trống; đã bỏ qua
gift-no-text = câu hỏi không có nội dung; đã bỏ qua
gift-dependent-option = phương án “{ $text }” phụ thuộc vào các phương án khác nên sai khi các phương án được xáo trộn; hãy viết lại câu hỏi; đã bỏ qua
gift-syntax = không đọc được câu hỏi: lỗi cú pháp GIFT gần “{ $near }”; đã bỏ qua
import-not-utf8 = { $file } không phải văn bản UTF-8; hãy lưu lại tệp với bảng mã UTF-8
import-read-failed = không đọc được { $file }: { $detail }
import-unknown-course = bộ nội dung không có khóa học “{ $course }”
import-unknown-lesson = khóa học “{ $course }” không có bài học “{ $lesson }”
import-bad-id = không dùng được “{ $id }” làm mã bài kiểm tra: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang
import-out-exists = { $file } đã có; danvan không ghi đè, hãy chọn tên tệp khác
import-write-failed = không ghi được { $file }: { $detail }
import-summary = Đã chuyển { $converted } câu hỏi, bỏ qua { $skipped } câu.
quiz-nothing-due = Hiện chưa có câu nào cần luyện tập lại cho bài này.
quiz-closed-changed-tui = Bài kiểm tra đã được cập nhật; lần làm dở dang trước đã được đóng và chấm trên các câu đã trả lời ({ $score }). Nhấn Enter để làm lần mới.
quiz-choose-first = Hãy chọn ít nhất một phương án (phím Space hoặc chữ cái) rồi nhấn Enter.
quiz-type-first = Hãy gõ câu trả lời rồi nhấn Enter.
quiz-left-open = Các câu trả lời đã được lưu; chọn lại bài này để làm tiếp.
quiz-list-details = Điểm cao nhất: { $best } · Số lần đã làm: { $used } · Điểm đạt: { $pass }%
quiz-list-unfinished = đang làm dở
quiz-list-practice-due = { $count } câu cần luyện lại
quiz-history = Điểm các lần làm bài
quiz-history-none = Chưa có lần làm bài nào.
quiz-time-left = Còn { $time }
quiz-practice = Luyện tập
quiz-choose-all = (Chọn tất cả các phương án đúng: Space hoặc chữ cái để đánh dấu, Enter để trả lời.)
quiz-your-answer = Câu trả lời của bạn
quiz-you-answered = Bạn trả lời
quiz-review = Xem lại từng câu
course-not-started = Chưa bắt đầu
course-in-progress = Đang học
course-completed-on = Đã hoàn thành ngày { $date }
course-best = điểm cao nhất { $score }
key-start-quiz = làm bài
key-practice = luyện câu sai
key-pick = chọn phương án
key-toggle = đánh dấu
key-answer = trả lời
key-pause-quiz = tạm dừng (đã lưu)
key-next-question = câu tiếp
quiz-unfinished-offer = Có bài kiểm tra đang làm dở (đã lưu): vào Bài kiểm tra để làm tiếp.

## Bảng tiêu chí tự đánh giá (danvan check)
check-bad-percent = tỷ lệ phải từ 0 đến 100 (%)
check-band-above-100 = mức xếp loại bắt đầu từ { $min } điểm, vượt quá 100
check-band-overlap = các mức xếp loại chồng nhau: { $min } không nhỏ hơn mức trên ({ $previous })
check-no-bands = thang điểm chưa có mức xếp loại nào
check-band-gap = các mức xếp loại để hở: mức thấp nhất bắt đầu từ { $min } thay vì 0
check-unknown-band = không có mức xếp loại "{ $band }" (critical_cap)
check-criteria-count = nhiệm vụ { $task } có { $count } tiêu chí; nên có từ 3 đến 6
check-target-not-allowed = tiêu chí "{ $criterion }" trả lời có/một phần/không nên không có chỉ tiêu (target)
check-target-missing = tiêu chí "{ $criterion }" cần chỉ tiêu (target) lớn hơn 0
check-no-evidence = tiêu chí "{ $criterion }" chưa nêu minh chứng (evidence)
check-criterion-no-citation = tiêu chí "{ $criterion }" chưa có căn cứ trích dẫn
check-points-task = nhiệm vụ { $task } ghi { $points } điểm nhưng các tiêu chí cộng lại được { $sum }
check-points-total = các nhiệm vụ cộng lại được { $sum } điểm, phải bằng 100
store-locked = { $what } đã được hoàn tất nên không sửa được; muốn sửa phải mở lại và ghi rõ lý do.

## Tự đánh giá hằng năm
assess-no-unit = Hồ sơ của bạn chưa có đơn vị; hãy thêm người học mới (phím p trên trang chính) và chọn đơn vị.
assess-no-checklist = Bộ nội dung chưa có bảng tiêu chí tự đánh giá (thư mục checklists/).
assess-exported = Đã xuất báo cáo: { $path }
assess-export-failed = Không xuất được báo cáo: { $detail }
assess-finalized = Đã hoàn tất bản tự đánh giá; muốn sửa phải mở lại và ghi lý do.
assess-reopened = Đã mở lại bản tự đánh giá; bản đã hoàn tất trước đó vẫn được lưu trong lịch sử.
assess-type-number = Hãy gõ một số rồi nhấn Enter.
assess-file-attached = Đã đính kèm { $path } (đã ghi mã băm SHA-256).
assess-unanswered = Chưa trả lời
assess-yes = Có
assess-partly = Một phần
assess-no = Không
assess-na = Không áp dụng
assess-value-target = { $value } (chỉ tiêu { $target })
assess-days-left = Còn { $days } ngày đến hạn { $date } gửi { $recipient }.
assess-overdue = Đã quá hạn { $date } gửi { $recipient }.
assess-status-final = đã hoàn tất
assess-status-draft = bản nháp
assess-none-yet = Chưa có bản tự đánh giá nào. Nhấn n để bắt đầu năm nay, hoặc c để bắt đầu từ kết quả năm trước.
assess-task = Nhiệm vụ
assess-criterion = tiêu chí
assess-critical = tiêu chí bắt buộc
assess-evidence-hint = Minh chứng
assess-answer = Trả lời
assess-from-last-year = từ năm trước, chưa xác nhận — nhấn Enter để xác nhận
assess-value = Số liệu
assess-evidence = Minh chứng đã có
assess-files = Tệp minh chứng (gõ đường dẫn, Enter)
assess-file-changed = tệp đã thay đổi sau khi đính kèm
assess-file-missing = không tìm thấy tệp
assess-note = Ghi chú
assess-changed-at = Sửa lần cuối: { $at }
assess-task-scores = Điểm mười nhiệm vụ (trên 100)
assess-compare = So với năm { $year }
assess-no-previous = Chưa có kết quả năm trước để so sánh.
assess-unanswered-count = Còn { $count } tiêu chí chưa trả lời
assess-critical-failed = Có tiêu chí bắt buộc chưa đạt: xếp loại bị giới hạn.
assess-finalize = Hoàn tất bản tự đánh giá
assess-finalize-question = Hoàn tất bản tự đánh giá năm { $year } với { $score } điểm? Sau khi hoàn tất sẽ không sửa được, trừ khi mở lại và ghi lý do.
assess-finalize-keys = y/Enter: hoàn tất · n/Esc: quay lại
assess-reopen = Mở lại bản đã hoàn tất
assess-reopen-why = Lý do mở lại (bắt buộc, được lưu cùng bản đã hoàn tất):
assess-reopen-keys = Enter: mở lại · Esc: hủy
key-assess-new = bắt đầu năm nay
key-assess-copy = bắt đầu từ kết quả năm trước
key-assess-summary = tổng hợp
key-assess-finalize = hoàn tất
key-assess-reopen = mở lại
key-assess-export = xuất báo cáo
key-assess-yes = có
key-assess-partly = một phần
key-assess-no = không
key-assess-na = không áp dụng
key-assess-confirm = xác nhận câu trả lời năm trước
key-assess-next = tiêu chí sau
key-assess-prev = tiêu chí trước
key-assess-enter = xuống dòng / lưu
key-confirm = đồng ý
stats-checklist = Bảng tiêu chí
stats-task = Nhiệm vụ
stats-criteria = Số tiêu chí
coverage-task = Nhiệm vụ { $task }: { $lessons } bài học, { $questions } câu hỏi, { $criteria } tiêu chí
coverage-lessons = bài học
coverage-questions = câu hỏi
coverage-criteria = tiêu chí
coverage-missing = nhiệm vụ { $task } chưa có { $what } nào
