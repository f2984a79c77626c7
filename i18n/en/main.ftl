# danvan — English interface.

app-title = danvan · Dân vận and grassroots democracy

## Home
home-courses = Courses
home-lessons-read = { $read }/{ $total } lessons read
home-due = due { $date }
home-overdue = ! overdue (due { $date })
home-quizzes = Quizzes
home-assessment = Yearly self-assessment
home-records = Training records (for trainers)

## Keys
key-up = up
key-down = down
key-move = move
key-open = open
key-back = back
key-help = help
key-quit = quit
footer-more = … ? more keys
key-search = search
key-lang = language (Tiếng Việt/English)
key-page-up = page up
key-page-down = page down
key-top = top of lesson
key-bottom = end of lesson
key-profiles = switch learner
key-scroll = scroll
key-next-lesson = next lesson
key-prev-lesson = previous lesson
key-choose = choose
key-new-profile = add a learner
key-find-name = find a name
key-find-close = close the search
key-assess-type-value = type the number
key-list-top = to the top of the list
key-list-bottom = to the end of the list
key-next-field = next field
key-prev-field = previous field
key-choose-option = change choice
key-cancel = cancel
key-cursor = move the cursor

help-title = Keys
help-close = Press Esc or ? to close.
too-small = The window is too small. Please enlarge the terminal to at least { $width } columns × { $height } lines.

## Reader
reader-sources = Legal sources
reader-end = — End of lesson —
reader-replaced-from = replaced by { $by } from { $date }
reader-replaced = replaced by { $by }
reader-last-lesson = This is the last lesson of the course.
reader-first-lesson = This is the first lesson of the course.

## Learners
profiles-title = Learners on this computer
profiles-find = Find a name
profiles-none-found = Nobody has a name like that.
profiles-more-below = ↓ more (PgDn)
profiles-more-above = ↑ more above (PgUp)
profile-welcome = Welcome to danvan
profile-new = Add a learner
profile-intro = Please enter your details. Several people can share one computer; each keeps their own progress.
profile-name = Full name
profile-staff-code = Staff code
profile-unit = Unit
profile-unit-code = Unit code
profile-unit-name = Unit name
profile-unit-kind = Unit kind
profile-position = Position
profile-appointed = Appointed on
profile-unit-none = (none)
profile-unit-add = + Add a new unit
profile-date-hint = day/month/year, e.g. 01/03/2026
profile-optional = optional
profile-error-name = Please enter your full name.
profile-error-date-absent = The appointment date { $value } does not exist: check the day and the month.
profile-error-date = The appointment date is not valid: type it as day/month/year, e.g. 01/03/2026.
profile-error-unit-code = Please enter the unit's code.
profile-error-unit-name = Please enter the unit's name.
profile-saved = Saved { $name }'s profile.
profile-discard-quit = Discard what you typed and quit? Press Esc again to discard, or any other key to go on typing.
profile-discard-back = Discard what you typed? Press Esc again to discard, or any other key to go on typing.

unit-kind-department = Provincial department or agency
unit-kind-commune = Commune People's Committee
unit-kind-public-service = Public service unit
unit-kind-other = Other

## Search
search-title = Search all lessons
search-hint = with or without diacritics, e.g. dan van
search-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
search-none = Nothing found.

## Database
store-not-danvan = { $path } is not a danvan database. It was left untouched; choose another file with --db.
store-newer = { $path } was written by a newer danvan (schema { $found }; this one supports up to { $supported }). It was left untouched; please update danvan.
store-corrupt = { $path } is damaged ({ $detail }). It was left untouched; restore a backup with "danvan restore".
store-duplicate = { $field ->
    [staff_code] Staff code
    [code] Unit code
   *[other] { $field }
} "{ $value }" is already in use.
store-invalid = Invalid value for { $field ->
    [full_name] the full name
    [appointed_on] the appointment date
    [code] the unit code
    [name] the unit name
   *[other] { $field }
}: "{ $value }".
store-exists = { $path } already exists; danvan does not overwrite files.
store-io = Cannot access { $path }: { $detail }. Check that the folder is writable, or choose another place with --db.
store-sqlite = Database error: { $detail }
store-cancelled = Cancelled; nothing was saved.
store-database = Database error in { $path }: { $detail }
store-damaged-read-only = The data file { $path } is damaged: view only, nothing is written. Restore a backup with danvan restore
store-no-data-dir = No user data folder was found; choose a file with --db.
store-missing = There is no database at { $path } yet.
text-too-long = The field { $field } is longer than { $max } characters.
store-read-only = { $path } is read-only (read-only media, file or folder); nothing was written. The file is not damaged: copy it to a writable folder, or choose another place with --db.
store-permission = The system refuses access to { $path } or its folder; nothing was written. The file is not damaged: check its permissions, or choose another place with --db.
store-full = The disk holding { $path } is full; nothing was written. The file is not damaged: free some space and try again.
store-no-space = Upgrading { $path } needs { $needed } MB free on its disk, which has { $free } MB. Nothing was changed: free some space and open it again.
store-busy = Another program is using { $path } and did not let go in time; nothing was written. Close the other danvan window or wait for its import or merge to finish, then try again.
store-empty-file = { $path } is an empty file, not a database. It was left untouched; choose another file with --db, or remove the empty file to start a new database.
store-waiting = Waiting for another program to finish with { $path }…
backup-failed = The backup { $path } was not made and has been removed: { $detail }
backup-done = Backed up to { $path }.
restore-done = Restored from { $path }. The previous data is kept at { $kept }.

## Content
content-read-failed = Cannot read the content pack: { $detail }
content-invalid = The content pack has errors; run "danvan check" for details.
tui-start-failed = Cannot start the terminal interface: { $detail }

## danvan check
check-not-utf8 = the file is not UTF-8
check-no-sources = courses/sources.toml (the list of legal sources) is missing
check-toml = { $detail }
check-empty-vi = "{ $field }" has no Vietnamese text
check-control-char = "{ $field }" holds a control character (only line breaks and tabs are allowed in text)
check-bidi-char = "{ $field }" holds a bidirectional override (U+202A–U+202E or U+2066–U+2069), which reorders what a reader sees
check-missing-en = "{ $field }" has no English text (Vietnamese will be shown)
check-writers-note = a writer's note about the writing itself ("{ $phrase }"); learners need a confident text: write "as the regulations provide" where a fact is unverified, without an article number
check-bad-id = id "{ $id }" is not valid: use lowercase ASCII letters, digits and hyphens
check-duplicate-id = duplicate id "{ $id }"
check-unknown-source = no source "{ $source }" in courses/sources.toml
check-replaced-source = source "{ $source }" was replaced by "{ $replacement }", which is not cited too
check-bad-value = "{ $value }" is not a valid value for "{ $field }"
check-no-rescale = the rubric does not say how scores are rescaled when criteria do not apply: add rescale = "within-task" (each task keeps its weight) or rescale = "all-criteria" (all criteria pooled)
check-bad-rescale = "{ $value }" is not a scoring rule: use "within-task" or "all-criteria"
check-bad-date = date "{ $value }" is not valid: use YYYY-MM-DD or YYYY
check-replaced-by-in-force = a source in force cannot have replaced_by
check-replaced-without-by = a replaced source needs replaced_by
check-no-lessons = course "{ $course }" has no lessons
check-bad-task = there is no task { $task }: the directive's tasks are 1 to 10
check-empty-lesson = lesson "{ $lesson }" is empty
check-markdown = Markdown outside the supported subset: { $detail }
check-unknown-lesson = no lesson "{ $lesson }" (written course/lesson)
check-unknown-course = no course "{ $course }"
check-unknown-quiz = no question bank "{ $quiz }"
check-same-as-alone = only question "{ $question }" carries the same_as label "{ $group }": questions that ask the same thing share one label (is it mistyped?)
check-near-identical = question "{ $question }" reads almost like "{ $other }" ({ $percent }% of words shared): if one paper must not hold both, give them the same same_as label
check-completion-quiz-elsewhere = quiz "{ $quiz }" is not on course "{ $course }" (it is on "{ $other }"), so it cannot complete this course
check-completion-quiz-no-course = quiz "{ $quiz }" is on no course (it has no course = "{ $course }"), so it cannot complete this course
check-completion-quiz-ambiguous = course "{ $course }" has several quizzes ({ $quizzes }) and names none as the one that completes it: add completion_quiz = "…"; the others are extra and never complete the course
check-draw-too-large = draws { $count } questions but only { $available } exist
check-pass-mark = the pass mark must be 0 to 100 (%)
check-quiz-no-course = a quiz needs "course" or "draw"
check-quiz-empty = the quiz has no questions
check-dependent-option = option "{ $text }" depends on the other options, which is wrong once options are shuffled
check-bad-credit = partial credit must be -100 to 100 (%)
check-few-options = question "{ $question }" needs at least 2 options
check-few-pairs = matching question "{ $question }" needs at least 2 pairs
check-few-items = ordering question "{ $question }" needs at least 2 items
check-field-not-allowed = question "{ $question }": "{ $field }" does not apply to its kind ({ $kind })
check-no-right-answer = question "{ $question }" has no right answer
check-single-many-right = single-choice question "{ $question }" has several right answers
check-credit-sum = question "{ $question }": the right options' credits add to { $sum }%, not 100%
check-answer-names-no-option = question "{ $question }": "answer"/"accept" do not apply to a choice question
check-options-not-allowed = question "{ $question }" takes no options
check-no-citation = question "{ $question }" cites no source
check-summary = { $errors ->
    [one] 1 error
   *[other] { $errors } errors
}, { $warnings ->
    [one] 1 warning
   *[other] { $warnings } warnings
}

stats-course = Course
stats-lessons = Lessons
stats-words-vi = Words (vi)
stats-words-en = Words (en)
stats-citations = Citations
stats-quiz = Quiz
stats-questions = Questions
stats-longest-key = Key is longest

## Citations
source-kind-luat = Law
source-kind-phap-lenh = Ordinance
source-kind-nghi-quyet = Resolution
source-kind-nghi-dinh = Decree
source-kind-quyet-dinh = Decision
source-kind-chi-thi = Directive
source-kind-thong-tu = Circular
source-kind-ket-luan = Conclusion
source-kind-quy-dinh = Regulation
source-kind-cong-van = Official letter
cite-number = No. { $number }
cite-date = of { $date }
cite-year = of { $year }
cite-issuer = by the { $issuer }

## Quizzes
quiz-true = True
quiz-false = False
quiz-no-answer = (not answered)
quiz-question-n = Question { $n } of { $total }
quiz-right = Right!
quiz-wrong = Not right.
quiz-partly = Partly right: { $points } of { $max } points.
quiz-right-answer = Right answer
quiz-option-feedback = On the option you chose
quiz-time-up = Time is up; the quiz is submitted with the answers given.
quiz-result = Result: { $earned }/{ $max } points ({ $percent }); pass mark { $pass }%.
quiz-passed = PASSED
quiz-failed = NOT PASSED
quiz-closed-changed = The quiz was updated since your last attempt; that unfinished attempt was closed and graded on the answers given ({ $score }). You are starting a new attempt.
quiz-limit-reached = You have used all your attempts ({ $used }/{ $max }). Please contact your trainer.
quiz-course-completed = Congratulations! You have completed the course.
plain-no-person = No official has staff code "{ $code }".
plain-no-quiz = There is no quiz "{ $quiz }"; see "danvan list".
plain-no-course = There is no course "{ $course }"; see "danvan list".
plain-no-lesson = Course "{ $course }" has no lesson "{ $lesson }"; its lessons are: { $lessons }.
plain-ask-name = Your full name:
plain-resumed = Resuming an unfinished attempt: { $done } of { $total } questions answered.
plain-hint-single = (type one letter, e.g. a)
plain-hint-multiple = (type letters separated by commas, e.g. a,c)
plain-hint-true-false = (type: true or false)
plain-hint-matching = (type each letter with the number of its match, for example: a-2, b-1)
plain-hint-ordering = (type every letter once, first to last, for example: c, a, b)
plain-matching-format = “{ $part }” is not a letter with a number; write each match as a-2, separated by commas
plain-arranged-unknown = “{ $part }” is not on the list shown
plain-arranged-twice = { $part } is given twice; give each letter once
plain-arranged-missing = still missing: { $letters }
plain-hint-text = (type your answer)
plain-bad-answer = That answer was not understood; please type it again.
plain-saved-for-later = Your answers are saved; you can continue next time.

## Importing questions from a GIFT file (danvan import-gift)
gift-unsupported-numerical = numerical questions are not supported; skipped
gift-unsupported-essay = essay questions are not supported; skipped
gift-unsupported-description = text without answers (a description) is not a question; skipped
gift-partial-credit = partial or negative weights on a single-answer (or short-answer) question, which danvan grades only right or wrong; skipped
gift-several-right = a single-answer question with more than one fully right answer; skipped
gift-credit-sum = the right answers' weights add up to { $sum }%, not 100%; skipped
gift-bad-weight = the weight "{ $weight }%" is not a whole percent between -100 and 100; skipped
gift-no-right-answer = no answer is marked right; skipped
gift-few-options = a choice question needs at least two answers; skipped
gift-empty-answer = an answer is empty; skipped
gift-no-text = the question has no text; skipped
gift-dependent-option = the option "{ $text }" depends on the other options and is wrong once they are shuffled; rewrite the question; skipped
gift-syntax = cannot read the question: GIFT syntax error near "{ $near }"; skipped
gift-bad-directive = the comment "// danvan:" holds "{ $item }", which is neither points=N (1 to 1000) nor ignore_diacritics; skipped
## Writing a quiz as GIFT (danvan export-gift)
export-gift-unknown-quiz = the content pack has no quiz "{ $quiz }"
export-gift-all-or-nothing = a multiple-choice question without credit is graded all or nothing, which GIFT cannot express; skipped
export-gift-moodle-weight = the weight { $weight }% is not one of Moodle's grades: import it in Moodle with "Match grades: Nearest grade if not listed"
export-gift-ordering = GIFT has no ordering questions; skipped
export-gift-arrow = a side of a pair holds "->", which GIFT cannot write; skipped
export-gift-summary = Exported { $exported ->
    [one] 1 question
   *[other] { $exported } questions
}, skipped { $skipped }.
import-not-utf8 = { $file } is not UTF-8 text; save it again with the UTF-8 encoding
import-read-failed = cannot read { $file }: { $detail }
import-unknown-course = the content pack has no course "{ $course }"
import-unknown-lesson = the course "{ $course }" has no lesson "{ $lesson }"
import-bad-id = "{ $id }" cannot be a quiz id: use only lowercase letters without accents, digits and hyphens
import-nothing = { $file }: no question could be converted; nothing was written
import-out-exists = { $file } already exists; danvan does not overwrite it, choose another file name
import-write-failed = cannot write { $file }: { $detail }
import-summary = Converted { $converted ->
    [one] 1 question
   *[other] { $converted } questions
}, skipped { $skipped }.
quiz-nothing-due = No question of this quiz is due for practice now.
quiz-closed-changed-tui = The quiz was updated; your earlier unfinished attempt was closed and graded on the answers given ({ $score }). Press Enter to start a new one.
quiz-choose-one = Choose an option first (↑↓ or its letter), then press Enter.
quiz-choose-first = Choose at least one option (Space or its letter), then press Enter.
quiz-type-first = Type your answer, then press Enter.
quiz-left-open = Your answers are saved; press { $key } on this quiz to continue.
quiz-left-practice = Your practice is saved; press { $key } on this quiz to practise on.
quiz-practice-result = Practice: { $right }/{ $total } right. Practice earns no score and no pass or fail; missed questions come back until you know them.
quiz-practice-box = Practice box: { $box }.
quiz-practice-box-moved = Practice box: { $from } → { $to }.
quiz-practice-retired = Learned: this question needs no more practice.
quiz-list-details = Best: { $best } · Attempts: { $used } · Pass mark: { $pass }%
quiz-list-unfinished = unfinished
quiz-list-practice-due = { $count ->
    [one] 1 question to practise
   *[other] { $count } questions to practise
}
quiz-history = Scores of past attempts
quiz-history-none = No attempts yet.
quiz-time-left = { $time } left
quiz-practice = Practice
quiz-choose-all = (Choose every right option: Space or its letter to tick, Enter to answer.)
quiz-match-hint = (Choose a left item with ↑↓ or its letter, then press the number of its match on the right; Enter to answer.)
quiz-order-hint = (Space takes the item under the cursor, ↑↓ carry it, Space puts it down; Enter to answer.)
quiz-match-all-first = Match every item on the left first (its letter, then a number), then press Enter.
quiz-order-first = Put the items in order first (Space takes one, ↑↓ carry it), then press Enter.
quiz-your-answer = Your answer
quiz-you-answered = You answered
quiz-review = Review of every question
course-not-started = Not started
course-in-progress = In progress
course-completed-on = Completed on { $date }
course-best = best score { $score }
key-start-quiz = take the quiz
key-practice = practise missed questions
key-pick = choose an option
key-toggle = tick
key-match-left = choose a left item
key-match-right = give it its match on the right
key-match-clear = clear the match of the item
key-order-move = move (an item taken moves with the cursor)
key-order-carry = take or put down the item
key-answer = answer
key-pause-quiz = pause (saved)
key-next-question = next question
quiz-unfinished-offer = A quiz is unfinished (saved): open Quizzes to continue it.

## Self-assessment checklists (danvan check)
check-bad-percent = a percentage must be 0 to 100
check-band-above-100 = a rating band starts at { $min } points, above 100
check-band-overlap = rating bands overlap: { $min } is not below the band above ({ $previous })
check-no-bands = the rubric has no rating bands
check-band-gap = the rating bands leave a gap: the lowest starts at { $min }, not 0
check-unknown-band = no rating band "{ $band }" (critical_cap)
check-criteria-count = task { $task } has { $count } criteria; 3 to 6 are expected
check-target-not-allowed = criterion "{ $criterion }" is answered yes/partly/no and takes no target
check-target-missing = criterion "{ $criterion }" needs a target above 0
check-no-evidence = criterion "{ $criterion }" says nothing of its evidence
check-criterion-no-citation = criterion "{ $criterion }" cites no source
check-points-task = task { $task } is worth { $points } points but its criteria add to { $sum }
check-points-total = the tasks add to { $sum } points, not 100
store-locked = { $what } is finalized and cannot be edited; reopen it, giving a reason, to change it.

## Yearly self-assessment
assess-no-unit = Your profile has no unit; add a learner (key p on the home screen) and choose the unit.
assess-no-checklist = The content pack has no self-assessment checklist (checklists/ folder).
assess-exported = Report written: { $path }
assess-export-failed = The report could not be written: { $detail }
assess-finalized = The self-assessment is finalized; to change it, reopen it and give a reason.
assess-reopened = The self-assessment is reopened; the version finalized before stays in its history.
assess-locked-criterion = { $year } is finalized, so it cannot be changed: go back to the tasks (Esc) and press { $key } to reopen it (a reason is needed).
assess-already-final = The { $year } self-assessment is finalized; to change it, press { $key } to reopen it (a reason is needed).
assess-not-final = The { $year } self-assessment is not finalized, so there is nothing to reopen; press { $key } to finalize it.
assess-type-number = Type a number, then press Enter.
assess-file-attached = Attached { $path } (its SHA-256 is recorded).
assess-unanswered = Unanswered
assess-yes = Yes
assess-partly = Partly
assess-no = No
assess-na = Not applicable
assess-value-target = { $value } (target { $target })
assess-days-left = { $days ->
    [one] 1 day
   *[other] { $days } days
} left until { $date }, the deadline to send it to the { $recipient }.
assess-overdue = The deadline of { $date } to send it to the { $recipient } has passed.
assess-status-final = finalized
assess-status-draft = draft
assess-none-yet = No self-assessment yet. Press n to start this year, or c to start from last year's answers.
assess-task = Task
assess-criterion = criterion
assess-critical = critical
assess-evidence-hint = Evidence
assess-answer = Answer
assess-from-last-year = from last year, not confirmed — press Enter to confirm
assess-value = Value
assess-evidence = Evidence held
assess-files = Evidence files (type a path, Enter)
assess-file-changed = the file changed after it was attached
assess-file-missing = file not found
assess-note = Note
assess-changed-at = Last changed: { $at }
assess-task-scores = Scores of the ten tasks (out of 100)
assess-compare = Compared with { $year }
assess-no-previous = No result from last year to compare with.
assess-unanswered-more = …and { $count } more
assess-unanswered-count = { $count ->
    [one] 1 criterion is unanswered
   *[other] { $count } criteria are unanswered
}
assess-critical-failed = A critical criterion failed: the rating is capped.
assess-rule = Scoring rule: { $rule }
assess-rule-kept = The score and rating are kept as finalized, under the rule “{ $rule }”; the checklist now scores under “{ $now }”.
assess-rule-rescored = The checklist’s scoring rule changed from “{ $from }” to “{ $to }”: this draft is scored under the new rule.
rule-within-task = each task keeps its weight
rule-all-criteria = all criteria pooled
assess-finalize = Finalize the self-assessment
assess-finalize-question = Finalize the { $year } self-assessment at { $score } points? Once finalized it cannot be changed unless reopened with a reason.
assess-finalize-keys = y/Enter: finalize · n/Esc: go back
assess-reopen = Reopen a finalized self-assessment
assess-reopen-why = Why reopen it (required, kept with the finalized version):
assess-reopen-keys = Enter: reopen · Esc: cancel
key-assess-new = start this year
key-assess-copy = start from last year's answers
key-assess-summary = summary
key-assess-finalize = finalize
key-assess-locked = finalized (o: reopen)
key-assess-reopen = reopen
key-assess-export = export the report
key-assess-yes = yes
key-assess-partly = partly
key-assess-no = no
key-assess-na = not applicable
key-assess-confirm = confirm last year's answer
key-assess-next = next criterion
key-assess-prev = previous criterion
key-assess-enter = new line / save
key-confirm = confirm
stats-checklist = Checklist
stats-task = Task
stats-criteria = Criteria
coverage-task = Task { $task }: { $lessons } lessons, { $questions } questions, { $criteria } criteria
coverage-lessons = lessons
coverage-questions = questions
coverage-criteria = criteria
coverage-missing = no { $what } cover task { $task }

## Yearly self-assessment report (danvan report)
report-title = Self-assessment report for { $year }
report-general = Overall result
report-unit = Unit
report-unit-code = Unit code
report-unit-kind = Kind of unit
report-year = Year
report-checklist = Checklist
report-checklist-version = Version
report-checklist-with-version = { $title } (version { $version })
report-version-differs = The assessment was made with version { $then } of the checklist; the current one is version { $now }.
report-status = Status
report-status-none = None
report-status-draft = Draft
report-status-final = Finalized
report-score = Score
report-score-of = { $score }/100
report-rating = Rating
report-rating-none = Not rated
report-capped = The rating is capped at "{ $band }" (the score alone gives "{ $uncapped }") because a critical criterion failed: { $criteria }.
report-critical-failed = Critical criteria failed: { $criteria }.
report-unanswered-count = { $count } of { $total } criteria are unanswered (scored 0).
report-draft-note = The assessment is not finalized: the score and rating are provisional.
report-tasks = Results by task
report-task-heading = Task { $number }. { $title }
report-task-score = Task score: { $score }/100 ({ $earned } of { $possible } points over the criteria that count).
report-task-not-scored = No criterion of this task counts towards the score.
report-no-criteria = No criterion applies to this kind of unit.
report-critical = critical
report-answer = Answer
report-answer-unanswered = Unanswered
report-answer-yes = Yes
report-answer-partly = Partly
report-answer-no = No
report-answer-na = Not applicable
report-answer-target = { $value } (target { $target })
report-points = Points
report-earned-of = { $earned }/{ $points }
report-not-counted = not counted
report-evidence = Evidence
report-files = Evidence files
report-file-changed = CHANGED
report-file-missing = NOT FOUND
report-note = Note
report-from-last-year = from last year, not confirmed
report-none = (none)
report-compare = Changes since last year
report-compare-none = There is no assessment for { $year } to compare with.
report-compare-item = Item
report-compare-year = { $year }
report-compare-change = Change
report-total = Total
report-total-score = Total score
report-previous-draft = The { $year } assessment was not finalized; its score is provisional.
report-record = Finalization record
report-record-time-note = Times are Vietnam time (UTC+7).
report-finalized-by = Finalized (version { $version }) by { $name } at { $time }.
report-not-finalized = Not finalized.
report-earlier = Earlier finalized versions
report-earlier-none = No earlier finalized version.
report-earlier-item = Version { $version }: finalized by { $name } at { $time }, score { $score } ({ $band }); reopened by { $by } at { $at }, reason: { $reason }
report-unknown-person = unknown
report-col-task = Task
report-col-task-title = Task title
report-col-criterion-id = Criterion id
report-col-criterion = Criterion
report-col-value = Value
report-col-target = Target
report-col-points = Points
report-col-earned = Earned
report-col-possible = Points counted
report-col-task-score = Task score (/100)
report-col-from-last-year = From last year
report-col-item = Item
report-col-content = Content
report-col-diff = Difference
report-col-trend = Trend
report-col-version = Version
report-col-finalized-by = Finalized by
report-col-finalized-at = Finalized at
report-col-reopened-by = Reopened by
report-col-reopened-at = Reopened at
report-col-reason = Reason for reopening
report-col-weakest = Weakest tasks
report-sheet-summary = Summary
report-sheet-criteria = Criteria
report-sheet-compare = Compared with last year
report-sheet-record = Finalization
report-sheet-units = Units
report-doc-nation = SOCIALIST REPUBLIC OF VIET NAM
report-doc-motto = Independence - Freedom - Happiness
report-doc-number = No.: ……/BC-……
report-doc-place-date = { $place }, …/…/{ $year }
report-doc-kind = REPORT
report-doc-subject = Results of the self-assessment of dân vận work and grassroots democracy in { $year }
report-doc-recipients = Recipients:
report-doc-archive = Archived: VT.
report-doc-signer = HEAD OF THE UNIT
report-doc-sign-note = (Signature, full name and seal)
report-summary-title = Self-assessment results of the units in { $year }
report-summary-counts = { $units } units: { $final } finalized, { $draft } draft, { $none } none.
report-weak-task = Task { $number } ({ $score })
report-unknown-unit = There is no unit with code "{ $code }" in the database.
report-no-assessment = Unit { $unit } ({ $code }) has no self-assessment for { $year }.
report-no-checklist = The content pack has no self-assessment checklist (checklists/ folder).
report-xlsx-needs-out = The xlsx format needs --out FILE: a spreadsheet cannot be printed on the screen.
report-summary-no-html = The summary comes as md, csv or xlsx; html is for a single unit's report.
report-out-exists = { $file } already exists; danvan does not overwrite it, choose another name.
report-write-failed = Could not write { $file }: { $cause ->
    [not-found] no such folder or file
    [permission] no permission to write there
    [exists] the file already exists
    [full] the disk is full
    [read-only] the drive is read-only
    [is-directory] it is a folder
    [not-directory] part of the path is not a folder
   *[other] system error ({ $detail })
}.
report-written = Written to { $file }.

## Trainer
trainer-ask = Trainer passphrase:
trainer-new = New passphrase:
trainer-again = The new passphrase again:
trainer-wrong = Wrong trainer passphrase.
trainer-cancelled = Cancelled.
trainer-empty = No new passphrase was given (empty input); nothing changed. Type it, pipe it on standard input, or set DANVAN_TRAINER_NEW_PASSPHRASE.
trainer-mismatch = The two entries differ; the passphrase was not changed.
trainer-too-short = The passphrase must have at least { $min } characters.
trainer-set = The trainer passphrase is set. It guards actions in the app; it does not encrypt the database file.
trainer-reset = The trainer passphrase was removed; the reset is recorded in the log.
trainer-guard-title = Trainer passphrase needed

## Units and rosters (danvan units, danvan roster)
roster-col-id = ID
roster-col-unit-code = Unit code
roster-col-unit-name = Unit name
roster-col-unit-kind = Unit kind
roster-col-parent-code = Parent code
roster-col-full-name = Full name
roster-col-staff-code = Staff code
roster-col-position = Position
roster-col-appointed = Appointment date
roster-sheet-units = Units
roster-sheet-people = Officials
roster-read-failed = Cannot read { $file }: { $detail }
roster-legacy-encoding = { $file } is not UTF-8 text: it looks like a CSV saved by Excel in a Windows code page (for Vietnamese usually windows-1258), which danvan does not read. Open it in Excel, choose File → Save As, pick "CSV UTF-8 (Comma delimited) (*.csv)", and import the new file.
roster-unclosed-quote = { $file }:{ $line }: the quote opened on this line is never closed.
roster-spreadsheet-failed = Cannot read the spreadsheet { $file }: { $detail }
roster-no-header = { $file } is empty: there is no header line.
roster-missing-column = { $file }:{ $line }: the header has no "{ $column }" column.
roster-bad-id = The ID "{ $value }" is not valid (it must be a UUID as danvan exports it, or empty).
roster-bad-kind = The unit kind "{ $value }" is not valid: write department, commune, public-service or other (or the Vietnamese names).
roster-missing-unit-code = The unit code is missing.
roster-missing-unit-name = The unit name is missing.
roster-duplicate-unit-code = The unit code "{ $code }" is already on line { $first } of the file.
roster-duplicate-id = The ID { $id } is already on line { $first } of the file.
roster-duplicate-row = This row refers to the same record as line { $first } of the file.
roster-parent-self = The unit "{ $code }" cannot be its own parent.
roster-parent-cycle = The parents of "{ $code }" form a loop.
roster-unknown-parent = There is no parent unit with code "{ $code }" (in the file or in the database).
roster-unit-code-taken = The unit code "{ $code }" belongs to another unit ({ $name }).
roster-missing-name = The full name is missing.
roster-bad-date = The appointment date "{ $value }" is not valid: write it as day/month/year, e.g. 01/03/2024.
roster-no-such-date = The appointment date "{ $value }" does not exist: check the day and the month.
roster-duplicate-staff-code = The staff code "{ $code }" is already on line { $first } of the file.
roster-unknown-unit = There is no unit with code "{ $code }": add the unit's name on this row to create it, or import the units first.
roster-unknown-unit-name = The unit "{ $name }" cannot be identified by its name alone: give its code.
roster-staff-code-taken = The staff code "{ $code }" belongs to someone else ({ $name }).
roster-unkeyed = { $count } rows had neither an ID nor a staff code and were added as new people; importing this file again would add them again. Give everyone a staff code.
roster-units-summary = Units: { $added } added, { $updated } updated, { $unchanged } unchanged, { $refused } refused.
roster-people-summary = Officials: { $added } added, { $updated } updated, { $unchanged } unchanged, { $refused } refused.
roster-units-created = New units created from the roster: { $count }.
roster-xlsx-needs-out = The xlsx format needs --out FILE: a spreadsheet cannot be printed on the screen.
roster-write-failed = Could not write { $file }: { $detail }
roster-written = Wrote { $count } rows to { $file }.

## Records
demo-banner = DEMO DATA
records-title = Records: { $first }–{ $last } of { $total } people
records-all-courses = All courses
records-all-status = any status
course-completed-short = Completed
records-sort-name = by name
records-sort-unit = by unit
records-sort-completed = fewest completed first
records-col-name = Full name
records-col-unit = Unit
records-col-course = Course { $n }
records-rates-title = Completion by unit
records-attempts = Attempts
records-person-hint = ↑↓ choose an attempt to see its answers; a: grant one more attempt.
records-granted = Granted one more attempt at "{ $quiz }" (extra attempts granted: { $extra }).
attempt-status-open = in progress
attempt-status-submitted = submitted
attempt-status-timed-out = timed out
attempt-status-closed-changed = closed (quiz updated)
records-grant-no-attempts = This person has taken no quiz yet: an extra attempt is granted at a quiz they have taken (choose the attempt with ↑↓, then press a).
key-records-person = details
key-records-sort = change order
key-records-course = change course
key-records-status = filter by status
key-records-rates = rates by unit
key-records-grant = grant an attempt
cert-title = CERTIFICATE OF COURSE COMPLETION
cert-certifies = This certifies that
cert-name = Full name
cert-staff-code = Staff code
cert-position = Position
cert-unit = Unit
cert-course = Has completed the course
cert-completed-on = Completed on
cert-best-score = Best quiz score
cert-no-score = none
cert-code = Verification code
cert-number = No. { $number }/GCN
cert-verify-hint = Check it: danvan verify-certificate { $code }
cert-place-date = { $place }, { $day }/{ $month }/{ $year }
cert-signer = HEAD OF THE UNIT
cert-sign-note = (Signature, full name and seal)
cert-unknown-person = There is no official with staff code "{ $code }" in the database.
cert-unknown-course = There is no course "{ $course }".
cert-not-completed = { $name } has not completed the course "{ $course }", so there is no certificate yet.
cert-written = Certificate written to { $file }.
cert-fingerprint = Signing key fingerprint
cert-qr-title = QR code of the signed certificate: check it offline with danvan verify-certificate --qr
cert-issued-on = Issued on
cert-issuer-db = Issued by database
cert-unsignable = A certificate cannot be signed from this record: { $detail }
cert-key-failed = The database's signing key cannot be used: { $detail }
cert-qr-file-unreadable = { $file } cannot be read: { $detail }
cert-verify-valid = Valid: certificate { $code } was issued and signed by this database (key { $fingerprint }), and the record still says what it said then.
cert-verify-changed = Record changed since issue: certificate { $code } is genuine, but the record is no longer what it was when the certificate was issued.
cert-verify-as-issued = As issued:
cert-verify-now = Now:
cert-verify-now-gone = (this course completion is no longer recorded)
cert-verify-mistyped = Mistyped: "{ $code }" is not a certificate code — { $kind ->
    [check] wrong check symbol: its last character does not match the others; compare each character with the certificate.
    [wrong-length] wrong length: it has { $symbols } letters and digits, a code is DV and 13 (DV-XXXX-XXXX-XXXX-C).
    [bad-symbol] bad symbol: "{ $character }" (character { $position }) is not used in codes, which are digits and plain letters.
    [wrong-prefix] a code starts with DV.
   *[empty] it is empty.
}
cert-verify-qr-damaged = Mistyped or damaged: the QR code's text cannot be read (it starts with DV2: and must be whole).
cert-verify-old-format = "{ $code }" is an old-format code (from before certificates were signed): anyone with the records can compute it, so it cannot be trusted. Issue the certificate again (danvan certificate) to get a new code.
cert-verify-unknown = Unknown: no certificate in this database has the code { $code }.
cert-verify-withdrawn = Withdrawn: certificate { $code } was issued here on { $issued }, and withdrawn on { $withdrawn } when the official's record was deleted. It no longer stands.
cert-verify-signature = Signature invalid: this certificate was changed after it was signed, or danvan did not sign it.
cert-verify-unknown-issuer = Unknown issuer: the signature checks, but with a key that is not a known key of database { $database }. Ask the issuer for its public key file and pass it with --key.
trainer-key-rotated = The database's signing key was replaced (old key { $old }, new key { $new }). Those who receive its bundles will see a new key and must merge once with --accept-new-key. Certificates issued before still verify.
trainer-key-fingerprint = Signing key fingerprint: { $fingerprint }
trainer-key-database = Database id: { $database }
trainer-key-file = Public key file (send it to the province): { $file }
demo-needs-db = The demo command needs --db NEWFILE: demo data never goes into a real database.
demo-exists = { $path } already exists; danvan writes demo data only to a new file, choose another name.
demo-no-people = The number of people (--people) must be greater than 0.
demo-done = Created the DEMO database { $path } in { $seconds } s: { $units } units, { $people } officials, { $lessons } lessons read, { $attempts } quiz attempts ({ $answers } answers), { $completions } course completions, { $assessments } self-assessments.

## Completion records: required courses, export (danvan export records)
check-within-days = within_days must be more than 0 (days after the appointment date)
completion-col-course-id = Course ID
completion-col-course-title = Course
completion-col-lessons-read = Lessons read
completion-col-lessons-total = Lessons in course
completion-col-best-score = Best score (%)
completion-col-attempts = Attempts
completion-col-passed = Passed
completion-col-completed = Completed on
completion-col-required = Required
completion-col-due = Due by
completion-col-status = Status
completion-col-people = People
completion-col-rate-completed = { $course }: completed
completion-col-rate-percent = { $course }: completion rate
completion-status-not-started = Not started
completion-status-in-progress = In progress
completion-status-completed = Completed
completion-status-overdue = Overdue
completion-yes = Yes
completion-no = No
completion-sheet-records = Completion records
completion-sheet-rates = Rates by unit
completion-rates-total = Total
completion-unknown-course = There is no course "{ $course }" in the content pack.
completion-bad-date = The date "{ $value }" given to { $option } is not valid: write it as year-month-day (e.g. 2026-11-30) or day/month/year.
completion-no-such-date = The date "{ $value }" given to { $option } does not exist: check the day and the month.
completion-bad-range = The completion date range is empty: --from { $from } is after --to { $to }.
completion-xlsx-needs-out = The xlsx format needs --out FILE: a spreadsheet cannot be printed on the screen.
completion-written = Wrote { $count } rows to { $file }.

## Records that travel as files (danvan export json|xapi, danvan merge)
bundle-bad-date = { $flag } "{ $value }" is not a date: write it as yyyy-mm-dd (or day/month/year).
bundle-bad-range = The period is empty: { $from } is after { $to }.
bundle-unknown-unit = There is no unit with code "{ $code }".
bundle-unknown-course = There is no course "{ $course }" in the content pack or in the records.
bundle-bad-homepage = The home page "{ $value }" is not a web address (http:// or https://).
bundle-written = Wrote { $file }: { $people } officials, { $attempts } quiz attempts, { $assessments } self-assessments.
bundle-copied-database = This database was copied here from another machine (database { $old }), where its key stayed: from now on it is database { $new }, with a signing key of its own. Bundles and certificates from here are signed as { $new }; the people { $old } created still belong to { $old }.
tui-copied-database = This database was copied from another machine (database { $old }…): it now has an id and a signing key of its own.
bundle-recipient-json-only = --recipient is only for --format json (a records bundle).
bundle-option-json-only = { $option } is only for --format json (a records bundle).
bundle-since-with-filter = --since sends what changed in all records: it cannot be combined with --unit, --course, --from or --to.
bundle-since-last-needs-recipient = --since last needs --recipient: the receiving database is what the last export is remembered for (or give --since NUMBER).
bundle-since-bad = --since takes "last" or a sequence number (0 or more), not "{ $value }".
bundle-delta-range = This bundle holds the changes after number { $since } through { $through }; next time: --since { $through }{ $recipient ->
        [yes] {" "}(or --since last for the same recipient).
       *[no] .
    }
bundle-recipient-unknown = Cannot tell who { $given } is: { $detail }. Give the receiving machine's public key file (danvan trainer key there), or pin that file first with danvan trainer trust FILE.
bundle-sealed-for = The bundle is sealed for database { $db } (key { $fingerprint }): only that machine can open it.
bundle-readable-by-anyone = this bundle is not encrypted: whoever holds the file can read names, staff codes and scores (personal data under Decree 13/2023/NĐ-CP). Use --recipient to seal it for the receiving machine.
merge-sealed-no-key = This bundle is sealed, but this machine has no decryption key for this database: only the machine it was sealed for (with its keys folder) can open it.
merge-sealed-for-another = This bundle was sealed for another database: this database's key does not open it.
merge-sealed-damaged = The sealed bundle is damaged or cut short ({ $detail }).
bundle-xapi-written = Wrote { $count } xAPI statements to { $file }.
merge-read-failed = cannot read the file: { $detail }
merge-compressed-damaged = the compressed file is damaged or cut short: { $detail }
merge-not-utf8 = the file is not UTF-8 text, so it is not a danvan records file.
merge-truncated = the file ends before its records do: it was cut short (copy it again from the machine that exported it). { $detail }
merge-bad-json = this is not a valid records file: { $detail }
merge-nothing-changed = nothing from this file was merged.
merge-invalid = the file cannot be true as it stands: { $record } breaks the rule "{ $rule }" ({ $count } problems in all). Nothing was merged.
bundle-rule-percent = a percentage is a number from 0 to 100
bundle-rule-score-max = a score is at most the quiz's maximum
bundle-rule-score-sum = a score is the sum of its answers' points
bundle-rule-position = an answer sits at a position of the drawn paper
bundle-rule-course = the course is one of this content pack's
bundle-rule-quiz = the quiz is one of this content pack's
bundle-rule-completion = a completion comes with the passed attempt or the lessons that earn it
merge-unsigned-refused = this is a format 1 records bundle, the old unsigned format: nothing shows it was not changed on the way. Ask for a new export, or merge it with --unsigned only if you trust how it came.
merge-unsigned-warning = this file is unsigned (format 1): nothing shows it was not changed after export. It was merged because --unsigned was given.
merge-signed-truncated = the file ends after line { $lines } without its signature: it was cut short (copy it again from the machine that exported it).
merge-changed-after-export = the file was changed after export: its signature (line { $line }) does not match its contents.
merge-signed-by = Signature valid (key { $fingerprint }).
bundle-no-key-dir = There is no folder for this database's signing key: set DANVAN_KEY_DIR to a folder.
bundle-key-failed = Cannot use this database's signing key: { $detail }
bundle-write-failed = Cannot write the records bundle: { $detail }
merge-not-bundle = this is not a danvan records file (its format is "{ $format }").
merge-newer-version = this records file is version { $version }, written by a newer danvan; this one reads version { $supported }. Update danvan first.
merge-demo-refused = the file holds DEMO records: they merge only into an empty or demo database, never into real records.
merge-duplicate = the file holds the record { $key } twice (in "{ $what }").
merge-dangling = the record { $key } (in "{ $what }") refers to { $target }, which is neither in the file nor in this database.
merge-unit-code-taken = the newer edit gives this unit the code "{ $code }", which belongs to another unit here ({ $name }); the unit was left as it is.
merge-staff-code-taken = the newer edit gives this official the staff code "{ $code }", which belongs to someone else here ({ $name }); the profile was left as it is.
merge-attempt-elsewhere = the quiz attempt { $id } belongs to another official here; it was left as it is.
merge-assessment-elsewhere = the self-assessment record { $id } belongs to another unit or year here; it was left as it is.
merge-refused-record = { $table } { $key }: { $why }
merge-conflict = the self-assessment of unit { $unit } for { $year } was finalized differently here and in the file. The version here is kept; the file's version is kept beside it (conflict { $id }) for the trainer to compare and settle.
merge-conflict-known = the self-assessment of unit { $unit } for { $year } still differs from the file's finalized version (conflict { $id }, flagged before).
merge-summary = { $file }: merged (from database { $source }).
merge-table-line = { $table }: { $added } added, { $updated } updated, { $skipped } already here
merge-table-units = Units
merge-table-people = Officials
merge-table-progress = Lessons
merge-table-completions = Course completions
merge-table-attempts = Quiz attempts
merge-table-answers = Answers
merge-table-assessments = Self-assessments
merge-table-versions = Finalized versions
merge-empty = The file holds no records.
merge-became-demo = This database was empty and now holds DEMO records: it is marked as a demo database.
merge-no-change = Nothing new: this database already had every record in the file.
key-certificate = print the certificate
certificate-written = Certificate written: { $path } (open it in a browser to print).
certificate-not-written = The certificate could not be printed: { $detail }
records-export-failed = The records could not be exported: { $detail }
records-exported = Exported { $rows } record rows to { $path }
records-exporting = Exporting { $done }/{ $total } people…
records-export-starting = Exporting…
records-bad-bundle = { $file }:{ $line }:{ $col }: not a valid records file: { $detail }. Nothing was changed.
records-merged = Merged the records from { $file }.
records-imported = Imported: { $added } added, { $updated } updated, { $unchanged } unchanged, { $refused } rows refused.
records-key-title = New signing key
records-key-changed = { $file } is signed with a different key than the one pinned for database { $db }. That machine's key may have been reset (trainer reset-passphrase), or someone else is signing as it: call the sender and read the groups out to compare.
records-key-pinned = Pinned key ({ $date }):
records-key-new = New key:
records-key-question = Accept the new key, pin it for this database and merge the file? (needs the trainer's passphrase)
records-key-keys = y/Enter: accept · n/Esc: do not merge
records-key-accepted = New key { $fingerprint } accepted for database { $db }. { $merged }
records-key-declined = New key not accepted: the file was not merged; nothing changed.
records-refused-title = Rows refused ({ $count })
records-refused-file = File: { $file }
records-refused-line = Line { $line }
records-refused-position = refused rows { $first }–{ $last } of { $count } · ↑↓ PgUp PgDn scroll · Esc close
records-deleted = Deleted { $name } and all of their training records.
records-import-title = Import a list (CSV, XLSX) or merge records (.json): the file's path
records-delete-title = Delete a learner
records-delete-question = Delete { $name } with all their progress, quizzes and certificates? (y: delete · n: keep)
key-records-export = export CSV
key-records-import = import/merge a file
key-records-delete = delete this person
records-overdue-legend = ! overdue
records-unit-title = Filter by unit
records-unit-hint = Type part of a code or name; ↑↓ choose; Enter with nothing typed: every unit
records-unit-no-match = No unit has a code or name containing "{ $unit }".
records-unit-none = No unit matches.
records-unit-matches = { $at }/{ $count } matching units (of { $total })
key-records-unit = filter by unit
records-completed-title = Completed from … to … (e.g. 01/01/2026 30/11/2026; empty: any day)
records-appointed-title = Appointed from … to … (e.g. 01/01/2026 30/06/2026; empty: any day)
records-completed-short = completed
records-appointed-short = appointed
records-bad-date = Not a valid date: "{ $value }" (day/month/year, the first before the second).
records-no-such-date = The date "{ $value }" does not exist: check the day and the month.
key-records-completed = filter by completion date
key-records-appointed = filter by appointment date
key-records-export-xlsx = export Excel (records, rates)
key-records-export-json = export a records bundle (.json)
key-records-export-xapi = export xAPI statements
records-no-certificate = This person has not completed any course yet.

## Pushing to a learning record store (danvan push, key P on the records screen)
push-ask-password = Password of { $user } at { $lrs }:
push-no-password = A password is needed for { $user }: type it when asked, set DANVAN_LRS_PASSWORD or give --password-file FILE.
push-password-file = Could not read the password from { $file }: { $detail }
push-password-empty = the file's first line is empty
push-failed = Could not push to { $lrs }: { $detail }
push-plain-http = Not pushing to { $lrs }: the password would cross the network unencrypted (http:// to { $host }). Use the LRS's https:// address; http:// is allowed only to this machine (localhost, 127.0.0.1, ::1).
push-progress = Pushing: { $done }/{ $total } records…
cli-job-progress = Working: { $done }/{ $total }…
push-summary = { $lrs }: { $sent } sent, { $already } already there, { $refused } refused (xAPI statements).
push-refused = refused { $id }: { $reason }
push-refused-more = … and { $count } more refused.
push-refused-next = { $lrs } refused some statements: the next push sends them again, with every record after them (what the LRS has is reported as already there).
push-stopped = Stopped pushing to { $lrs }: { $reason }. What was not sent goes at the next push.
key-records-push = push to an LRS
records-push-title = Push xAPI statements to a learning record store (LRS)
records-push-url = xAPI address:
records-push-user = User:
records-push-password = Password:
records-push-hint = Tab: next field · Enter: push · Esc: cancel. Pushes the records filtered, only what the LRS has not had.
records-push-no-url = Type the LRS's xAPI address (https://…).
records-pushing = Pushing { $done }/{ $total } records…
records-push-busy = A background job is running: wait until it ends.
records-importing = Importing { $done }/{ $total }… (Esc: cancel)
records-merging = Merging the bundle: { $done }% read… (Esc: cancel)
records-import-starting = Reading the file…
records-import-cancelled = Import of { $file } cancelled; nothing was saved.
records-export-cancelled = Export cancelled; no file { $path } was left.
records-push-cancelled = Push stopped. { $summary } What was sent is remembered.
records-job-cancelling = Cancelling…
key-job-cancel = cancel the running job
push-refused-detail = refused { $id }: { $reason }. { $next }
records-pushed = { $summary }
records-push-incomplete = { $summary } { $detail }
records-push-error = { $detail }
key-records-push-start = push
## Question statistics (for trainers)
qstats-col-quiz = Quiz
qstats-col-bank = Question bank
qstats-col-question = Question id
qstats-col-prompt = Question
qstats-col-attempts = Attempts
qstats-col-facility = Facility (%)
qstats-col-discrimination = Discrimination
qstats-col-flags = Flags
qstats-short-attempts = N
qstats-short-facility = Facility
qstats-short-discrimination = Discr.
qstats-flag-hard = too hard
qstats-flag-easy = too easy
qstats-flag-discrimination = discriminates poorly
qstats-sheet = Question statistics
qstats-title = Question statistics ({ $count } questions)
qstats-computing = Computing the question statistics…
qstats-empty = No official attempt has been submitted yet.
qstats-legend = ! review: facility <20% or >95%, discrimination <0.2 · —: cannot be computed
qstats-failed = Could not compute the question statistics: { $detail }
qstats-unknown-quiz = There is no quiz "{ $quiz }" in the content pack.
qstats-written = Wrote the statistics of { $count } questions to { $file }.
key-records-stats = question statistics
qstats-gone = (no longer in the content pack)
key-stats-quiz = next quiz
qstats-short-question = Id
qstats-short-flags = Flags
qstats-flag-hard-short = hard
qstats-flag-easy-short = easy
qstats-flag-discrimination-short = low discr.

## Trust between databases: pinned keys, each person's origin, held records
merge-key-pinned = Pinned key { $fingerprint } for database { $db } ({ $how }).
merge-key-changed = signed with a different key ({ $fingerprint }) than the one pinned for database { $db } on { $date }: if that database's key was reset, merge again with --accept-new-key
merge-key-other-db = key { $fingerprint } is pinned for database { $pinned }, but the file says it comes from database { $claimed }
merge-held-record = { $table } { $key }: not merged, held ({ $rule }; item { $id })
merge-held-count = { $count } records held: danvan conflicts lists and settles them.
merge-clock-skew = { $table } { $key }: its time { $at } is more than a day after the file was exported (the sender's clock may be wrong); it counts as the export time.
trust-rule-not-from-origin = not from the database that created this person
trust-rule-identity-edit = a new name or staff code, not from the database that created this person
trust-rule-staff-code-taken = the staff code belongs to someone here
trust-how-first-use = pinned on first use
trust-how-trusted = trusted by the trainer
trust-how-accepted = new key accepted
trust-role-source = source
trust-role-collector = collector
trust-pinned = Pinned key { $fingerprint } (database { $db }, role: { $role }).
trust-bad-file = { $file }: not a readable public key file: { $detail }
trust-bad-fingerprint = "{ $value }" is neither a public key file nor a key fingerprint: { $detail }
trust-none = No keys are pinned.
trust-keys-header = Fingerprint	Database	Role	How	Date
conflicts-none = No records are held.
conflicts-header = Item	File	Database	Record	Person	Rule	Date
conflicts-rejected = Dropped held record { $id }.
conflicts-accepted = Merged held record { $id }.
conflicts-unknown = There is no held record { $id } (danvan conflicts lists them).
conflicts-accept-refused = Held record { $id } could not be merged: { $detail }. It stays held.
records-merged-held = Merged the records from { $file }; { $count } records held — danvan conflicts
records-pending-notice = { $count } records held — danvan conflicts
