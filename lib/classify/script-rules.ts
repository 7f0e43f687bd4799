/**
 * Verdict words in scripts the phrase rules cannot read (Cyrillic, Greek, Chinese, Japanese,
 * Korean, Arabic, Hebrew): fold.ts maps those letters to separators, so "550 5.7.1 邮件中检测到病毒"
 * would fall to the x.7.1 catch-all (policy). These rules give the few unambiguous verdicts
 * — virus, spam, relay refused, prohibited content, message too large, mailbox full — the rank of specific wording, decided after
 * the phrase rules found nothing specific.
 *
 * Matched as substrings of the lower-cased first 600 characters (these scripts write no spaces,
 * or inflect the word's end), and only when the phrase scan met such letters (matcher.ts
 * sawOtherScript), so Latin replies pay nothing. First rule that matches wins (virus before spam,
 * as in text-rules.ts). Words are chosen so they do not occur inside unrelated words; a
 * recipient's own block list ("加入黑名单", "черный список") is left to the model, since it may be
 * the recipient's choice (policy) or a reputation list (spam).
 */
import type { CategoryCode } from "../categories";

export interface ScriptRuleDef {
  id: string;
  category: CategoryCode;
  description: string;
  example: string;
  /** Lower-case substrings; any one decides. */
  words: string[];
  /**
   * Weak precedence: connection, silence and expiry wording, which (like the Latin connection
   * rules) decides only when the status is missing, vague or x.4.1/x.4.2, never over a specific status.
   */
  weak?: true;
}

export const SCRIPT_RULES: ScriptRuleDef[] = [
  {
    id: "virus-detected-script",
    category: "virus-related",
    description: "A virus or malware verdict in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "550 5.7.1 邮件中检测到病毒，已拒绝投递",
    words: [
      "вирус", "вірус", "вредонос", "шкідлив", "троян",
      "病毒", "木马", "木馬", "恶意程序", "恶意软件", "惡意程式", "惡意軟體",
      "ウイルス", "ウィルス", "マルウェア", "トロイの木馬",
      "바이러스", "악성코드", "악성 코드", "악성 프로그램",
      "فيروس", "برنامج ضار", "برمجيات خبيثة",
      "וירוס", "נוזקה",
      "ιός", "ιού", "κακόβουλ",
    ],
  },
  {
    id: "spam-verdict-script",
    category: "spam-related",
    description: "A spam verdict in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "550 5.7.1 您的邮件被判定为垃圾邮件，已被退回",
    words: [
      "спам", "нежелательн", "небажан",
      "垃圾邮件", "垃圾郵件", "反垃圾", "迷惑メール", "スパム", "스팸",
      "ανεπιθύμητ", "رسالة مزعجة", "رسائل مزعجة", "بريد مزعج", "דואר זבל",
      // Reputation, as "reputation" is in Latin script.
      "репутац", "信誉", "信譽", "평판", "レピュテーション",
      // Listed on a block list (passive, as reputation lists say it); the recipient adding us to
      // its own list ("加入黑名单", "добавил в черный список") stays with the model.
      "被列入黑名单", "列入黑名单", "被列入黑名單", "ブラックリストに登録", "블랙리스트에 등록",
    ],
  },
  {
    id: "relay-denied-script",
    category: "relaying-issues",
    description: "Relaying refused, in Cyrillic, Chinese, Japanese or Korean script.",
    example: "550 不允许匿名转发，请先进行身份验证",
    words: [
      "ретрансляц", "пересылка запрещена", "пересилання заборонено",
      "中继", "中繼", "拒绝转发", "拒絕轉發", "不允许转发", "不允许匿名转发", "禁止转发",
      "リレー", "릴레이",
    ],
  },
  {
    id: "content-rejected-script",
    category: "content-related",
    description: "Prohibited words or material in the message, in Cyrillic, Chinese, Japanese or Korean script.",
    example: "550 5.7.1 邮件内容包含违禁信息，被拒收",
    words: [
      "违禁", "違禁", "禁止語", "禁止ワード", "금지된 내용", "금지어", "금칙어",
      "запрещённые ссылки", "запрещенные ссылки", "запрещённое содержимое", "запрещенное содержимое",
      "недопустимое содержимое",
    ],
  },
  {
    id: "content-size-script",
    category: "content-related",
    description: "The message is too large, in Cyrillic, Greek, Chinese, Japanese or Korean script.",
    example: "552 邮件大小超过限制",
    words: [
      "сообщение слишком больш", "письмо слишком больш", "размер сообщения", "размер письма",
      "повідомлення завелике", "розмір повідомлення",
      "邮件大小", "郵件大小", "邮件过大", "郵件過大", "メッセージのサイズ", "メールのサイズ",
      "メッセージが大きすぎ", "メールが大きすぎ", "메일 크기", "메시지 크기", "μήνυμα είναι πολύ μεγάλο",
      "μέγεθος του μηνύματος",
    ],
  },
  {
    id: "quota-full-script",
    category: "quota-issues",
    description: "The recipient's mailbox is full or over quota, in Cyrillic, Greek, Chinese, Japanese or Korean script.",
    example: "552 5.2.2 收件人邮箱空间已满",
    words: [
      // Not "квота" alone: "квота на отправку" is our sending quota (a rate limit).
      "переполнен", "переповнен", "квота почтового ящика", "квоту почтового ящика",
      "邮箱已满", "邮箱空间已满", "信箱已滿", "郵箱已滿", "邮箱容量", "容量已满",
      "容量がいっぱい", "容量を超え", "메일함이 가득", "용량이 초과", "용량 초과", "γεμάτο",
    ],
  },
  {
    id: "routing-loop-script",
    category: "routing-errors",
    description: "A mail loop, too many hops or no route to the domain, in Cyrillic, Greek, Chinese, Japanese or Korean script.",
    example: "554 超过最大跳数，可能存在邮件循环",
    words: [
      "число переходов", "количество переходов", "петля маршрутизации", "почтовая петля", "зацикливание",
      "ошибка маршрутизации", "нет маршрута", "маршрут к домену", "кількість переходів", "помилка маршрутизації",
      "跳数", "邮件循环", "郵件迴圈", "邮件环路", "路由错误", "路由錯誤", "无法路由",
      "ホップ数", "メールループ", "ルーティングエラー", "配送ループ",
      "홉 수", "메일 루프", "라우팅 오류", "메일 순환",
      "عدد القفزات", "حلقة بريد", "מספר הקפיצות", "לולאת דואר", "βρόχος αλληλογραφίας", "αριθμός αναπηδήσεων",
    ],
  },
  {
    id: "config-error-script",
    category: "bad-configuration",
    description: "The receiving server reports an error in its own configuration, in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "550 收件方邮件服务器配置错误",
    words: [
      "настроен неверно", "настроен неправильно", "настроен некорректно", "неверная mx", "неправильная mx",
      "ошибка конфигурации", "ошибка настройки", "неправильно налаштован", "помилка конфігурації", "помилка налаштування",
      "配置错误", "配置錯誤", "配置有误", "设置错误", "設定錯誤",
      "設定に誤り", "設定エラー", "設定が正しくありません", "構成エラー",
      "구성 오류", "설정 오류", "잘못 구성", "잘못 설정",
      "خطأ في الإعداد", "خطأ في التكوين", "خطأ في التهيئة", "إعدادات خاطئة",
      "שגיאת תצורה", "תצורה שגויה", "מוגדר בצורה שגויה",
      "σφάλμα ρύθμισης", "σφάλμα διαμόρφωσης", "εσφαλμένη ρύθμιση", "λανθασμένη διαμόρφωση",
    ],
  },
  {
    id: "inactive-mailbox-script",
    category: "inactive-mailbox",
    description: "The recipient's account is disabled, suspended or dormant, in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "550 계정이 비활성화되었습니다",
    words: [
      "учетная запись отключена", "учётная запись отключена", "учетная запись заблокирована", "ящик отключен",
      "ящик заблокирован", "обліковий запис вимкнено", "обліковий запис заблоковано", "скриньку вимкнено",
      "账户已停用", "帐户已停用", "账号已停用", "账号已冻结", "账户已冻结", "邮箱已停用", "邮箱已冻结", "帳號已停用",
      "アカウントは停止", "アカウントが停止", "利用停止", "アカウントは無効",
      "휴면 계정", "비활성화된 계정", "계정이 비활성화", "계정이 정지", "사용 중지된 계정",
      "الحساب معطل", "تم تعطيل الحساب", "الحساب موقوف",
      "החשבון הושבת", "החשבון מושבת", "החשבון הוקפא",
      "λογαριασμός έχει απενεργοποιηθεί", "ανενεργός λογαριασμός",
    ],
  },
  {
    id: "mailbox-unknown-script",
    category: "bad-mailbox",
    description: "The recipient address does not exist, in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "550 收件人不存在",
    words: [
      // Not "не существует" alone: "домен не существует" is bad-domain.
      "ящик не существует", "пользователь не существует", "адрес не существует", "получатель не существует",
      "неизвестный получатель", "неизвестный пользователь", "нет такого пользователя", "нет такого ящика",
      "адрес не зарегистрирован", "адрес электронной почты не зарегистрирован", "скринька не існує",
      "користувач не існує", "невідомий одержувач",
      // Not "不存在" alone: "域名不存在" is bad-domain.
      "用户不存在", "收件人不存在", "邮箱不存在", "地址不存在", "帐号不存在", "账号不存在", "账户不存在",
      "无此用户", "使用者不存在", "收件者不存在", "信箱不存在", "帳號不存在",
      "宛先不明", "存在しないユーザー", "ユーザーは存在しません", "ユーザーが存在しません", "アドレスは存在しない",
      "アドレスが存在しない", "メールアドレスは存在しない", "該当するユーザーがいません",
      "존재하지 않는 사용자", "사용자가 존재하지", "주소가 존재하지", "계정이 존재하지", "존재하지 않는 주소",
      "المستخدم غير موجود", "المستلم غير موجود", "العنوان غير موجود",
      "המשתמש אינו קיים", "המשתמש לא קיים", "הנמען אינו קיים", "הנמען לא קיים", "הכתובת אינה קיימת",
      "ο χρήστης δεν υπάρχει", "ο παραλήπτης δεν υπάρχει", "η διεύθυνση δεν υπάρχει", "άγνωστος χρήστης", "άγνωστος παραλήπτης",
    ],
  },
  // Weak rules last (a verdict above wins when both occur). Expiry before silence before
  // connection failure, as in text-rules.ts: a give-up quotes the last error; a silence after
  // connecting is often worded with "connection".
  {
    id: "expired-text-script",
    category: "message-expired",
    weak: true,
    description: "The sending server gave up: delivery time expired or retries exhausted, in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "投递失败：超过最长重试时间",
    words: [
      "срок доставки истек", "срок доставки истёк", "за отведенное время",
      "за отведённое время", "время жизни сообщения", "число попыток доставки", "количество попыток доставки",
      "попытки доставки исчерпаны", "кількість спроб доставки", "термін доставки",
      "重试时间", "重试次数", "重試次數", "投递超时", "投遞逾時", "超过最长", "队列中停留",
      "一定時間内", "再試行", "再送を試み", "配送期限", "配信期限", "キューに滞留",
      "재시도", "배달 시간", "전송 시간이 초과", "대기열",
      "انتهت مهلة التسليم", "الحد الأقصى لعدد المحاولات",
      "מספר הניסיונות", "זמן המסירה",
      "αριθμός προσπαθειών", "χρόνος παράδοσης",
    ],
  },
  {
    id: "no-answer-text-script",
    category: "no-answer-from-host",
    weak: true,
    description: "The receiving server did not answer or dropped the connection mid-conversation, in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "对方服务器在连接后无响应",
    words: [
      "не отвечает", "не ответил", "нет ответа", "не відповідає", "немає відповіді", "разорвано",
      "разорвал соединение", "закрыл соединение", "обірвано", "розірвано",
      "无响应", "没有响应", "沒有回應", "无应答", "未响应", "断开连接", "斷開連線", "中断了连接",
      "応答がありません", "応答しません", "応答なし", "応答がない", "切断しました", "接続を切断",
      "응답하지 않", "응답이 없", "응답 없음", "연결을 끊", "연결이 끊",
      "لا يستجيب", "لم يستجب", "لا توجد استجابة", "قطع الاتصال",
      "אינו מגיב", "לא הגיב", "אין תגובה", "ניתק את החיבור",
      "δεν αποκρίνεται", "δεν απαντά", "καμία απόκριση", "διέκοψε τη σύνδεση",
    ],
  },
  {
    id: "connection-failed-script",
    category: "bad-connection",
    weak: true,
    description: "The connection to the receiving server could not be made (refused, unreachable, connect timeout), in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "无法连接到收件人的邮件服务器",
    words: [
      "ошибка соединения", "ошибка подключения", "не удалось подключиться", "не удалось соединиться",
      "не удалось установить соединение", "соединение отклонено", "в соединении отказано",
      "сервер недоступен", "хост недоступен", "узел недоступен", "тайм-аут соединения", "таймаут соединения",
      "помилка з'єднання", "помилка підключення", "не вдалося підключитися", "з'єднання відхилено", "сервер недоступний",
      "连接失败", "连接错误", "无法连接", "连接被拒绝", "连接超时", "連線失敗", "無法連線", "連線被拒", "連線逾時",
      "接続できません", "接続に失敗", "接続が拒否", "接続エラー", "接続タイムアウト", "到達できません",
      "연결할 수 없", "연결 실패", "연결에 실패", "연결이 거부", "연결 시간 초과", "연결 오류",
      "تعذر الاتصال", "فشل الاتصال", "رفض الاتصال", "انتهت مهلة الاتصال", "لا يمكن الوصول",
      "החיבור נכשל", "לא ניתן להתחבר", "החיבור נדחה", "לא ניתן להגיע",
      "αποτυχία σύνδεσης", "σύνδεση απέτυχε", "σφάλμα σύνδεσης", "η σύνδεση απορρίφθηκε", "δεν ήταν δυνατή η σύνδεση", "μη προσβάσιμ",
    ],
  },
  {
    // Last: a placeholder that names no reason (docs: disputed lines). Weaker still: it decides
    // only when nothing else matched, and the model may overturn it as it may generic wording.
    id: "other-delivery-failed-script",
    category: "other",
    weak: true,
    description: "A delivery-failed placeholder that names no reason, in Cyrillic, Greek, Chinese, Japanese, Korean, Arabic or Hebrew script.",
    example: "Сообщение не доставлено",
    words: [
      "не доставлен", "доставка не удалась", "не удалось доставить", "не вдалося доставити",
      "投递失败", "發送失敗", "发送失败", "投遞失敗", "无法投递", "無法投遞",
      "配信できませんでした", "配信に失敗", "送信できませんでした", "送信に失敗",
      "배달하지 못했", "전송에 실패", "전달하지 못했", "배달 실패",
      "فشل تسليم", "تعذر تسليم", "لم يتم تسليم",
      "נכשלה", "לא נמסרה",
      "απέτυχε", "δεν παραδόθηκε",
    ],
  },
];

/**
 * The words by their first character (as a code unit): FIRST[c] is 0 for none, else 1 + the index
 * in GROUPS of the [word, rule] pairs starting with c. One pass over the text then tries only the
 * words that can start at each position, instead of one search per word.
 */
const FIRST = new Uint8Array(65536);
const GROUPS: { word: string; rule: number }[][] = [];
SCRIPT_RULES.forEach((r, rule) => {
  for (const word of r.words) {
    const c = word.charCodeAt(0);
    if (FIRST[c] === 0) {
      // FIRST holds group numbers in a byte: more than 255 first characters need a wider array.
      if (GROUPS.length === 255) throw new Error("script-rules: more than 255 distinct first characters");
      GROUPS.push([]);
      FIRST[c] = GROUPS.length;
    }
    GROUPS[FIRST[c] - 1].push({ word, rule });
  }
});

/** Index of the first script rule (in rule order) whose word the first `limit` characters contain, or -1. */
export function matchScriptRule(text: string, limit: number): number {
  const folded = (text.length > limit ? text.slice(0, limit) : text).toLowerCase();
  let best = SCRIPT_RULES.length;
  for (let i = 0; i < folded.length; i++) {
    const g = FIRST[folded.charCodeAt(i)];
    if (g === 0) continue;
    for (const { word, rule } of GROUPS[g - 1]) {
      if (rule < best && folded.startsWith(word, i)) {
        best = rule;
        if (best === 0) return 0;
      }
    }
  }
  return best < SCRIPT_RULES.length ? best : -1;
}
