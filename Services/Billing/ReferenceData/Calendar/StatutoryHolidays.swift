import WireCodec

/// The holidays a country's law fixes by date, and its weekend carry-over rule: what a year
/// looks like before (or without) a decree. Used for years the shipped data does not cover.
///
/// Rules are dated: a holiday the law adds or drops holds only for its years, so a year far
/// from the shipped ones is still computed by the law in force then.
///
/// Not covered, because no rule can compute them: decree transfers (the two RU New Year days
/// that fall on a weekend are moved by decree only), and KZ's lunar Kurban Ait. KZ years before
/// 2022 also lack 1 December and 17 December, which the law of 2022 dropped.
enum StatutoryHolidays {
  struct Holiday {
    var month: Int
    var day: Int
    var name: String
    /// Whether a weekend occurrence moves the day off to the next working day.
    var carriesOver: Bool
    /// The years the law makes this date a holiday.
    var years: ClosedRange<Int> = Int.min...Int.max
  }

  /// ТК РФ ст. 112. The New Year days (1–8 January) do not carry over by themselves: the law
  /// leaves two of them to the yearly decree.
  static let russia: [Holiday] =
    (1...6).map { Holiday(month: 1, day: $0, name: "Новогодние каникулы", carriesOver: false) } + [
      Holiday(month: 1, day: 7, name: "Рождество Христово", carriesOver: false),
      Holiday(month: 1, day: 8, name: "Новогодние каникулы", carriesOver: false),
      Holiday(month: 2, day: 23, name: "День защитника Отечества", carriesOver: true),
      Holiday(month: 3, day: 8, name: "Международный женский день", carriesOver: true),
      Holiday(month: 5, day: 1, name: "Праздник Весны и Труда", carriesOver: true),
      Holiday(month: 5, day: 9, name: "День Победы", carriesOver: true),
      Holiday(month: 6, day: 12, name: "День России", carriesOver: true),
      Holiday(month: 11, day: 4, name: "День народного единства", carriesOver: true),
    ]

  /// Закон РК «О праздниках» (ст. 5: the carry-over), ТК РК ст. 84 п. 5 (religious holidays,
  /// which do not carry over: Orthodox Christmas, Kurban Ait). The amending law of September
  /// 2022 made 25 October a holiday again; the Constitution adopted on 15.03.2026 (ст. 94 п. 2)
  /// moved Constitution Day from 30 August to 15 March: 30 August was last a holiday in 2025,
  /// and 15 March is one from 2027 (the Ministry of Labour's reading, 18.03.2026).
  static let kazakhstan: [Holiday] = [
    Holiday(month: 1, day: 1, name: "Новый год", carriesOver: true),
    Holiday(month: 1, day: 2, name: "Новый год", carriesOver: true),
    Holiday(month: 1, day: 7, name: "Православное Рождество", carriesOver: false),
    Holiday(month: 3, day: 8, name: "Международный женский день", carriesOver: true),
    Holiday(month: 3, day: 15, name: "День Конституции", carriesOver: true, years: 2027...Int.max),
    Holiday(month: 3, day: 21, name: "Наурыз мейрамы", carriesOver: true),
    Holiday(month: 3, day: 22, name: "Наурыз мейрамы", carriesOver: true),
    Holiday(month: 3, day: 23, name: "Наурыз мейрамы", carriesOver: true),
    Holiday(month: 5, day: 1, name: "Праздник единства народа Казахстана", carriesOver: true),
    Holiday(month: 5, day: 7, name: "День защитника Отечества", carriesOver: true),
    Holiday(month: 5, day: 9, name: "День Победы", carriesOver: true),
    Holiday(month: 7, day: 6, name: "День Столицы", carriesOver: true),
    Holiday(month: 8, day: 30, name: "День Конституции", carriesOver: true, years: Int.min...2025),
    Holiday(month: 10, day: 25, name: "День Республики", carriesOver: true, years: 2022...Int.max),
    Holiday(month: 12, day: 16, name: "День Независимости", carriesOver: true),
  ]

  static func holidays(of country: String) -> [Holiday] {
    switch country {
    case "RU": russia
    case "KZ": kazakhstan
    default: []
    }
  }

  /// What the rules above rest on, for a year computed from them alone.
  static func sources(of country: String) -> [String] {
    switch country {
    case "RU": ["Трудовой кодекс РФ, ст. 112"]
    case "KZ":
      [
        "Закон РК от 13.12.2001 № 267 «О праздниках в Республике Казахстан»", "Трудовой кодекс РК, ст. 84–85",
        "Конституция РК от 15.03.2026, ст. 94 п. 2",
      ]
    default: []
    }
  }

  /// The year's statutory days off, carry-overs included.
  static func entries(country: String, year: Int) -> [CalendarDate: CalendarEntry] {
    var entries: [CalendarDate: CalendarEntry] = [:]
    var weekendHolidays: [(date: CalendarDate, holiday: Holiday)] = []
    for holiday in holidays(of: country) where holiday.years.contains(year) {
      guard let date = CalendarDate(year: year, month: holiday.month, day: holiday.day) else { continue }
      entries[date] = CalendarEntry(date: date, kind: .holiday(name: holiday.name), origin: .statute, source: "law")
      if holiday.carriesOver, date.isWeekend { weekendHolidays.append((date, holiday)) }
    }
    // In date order, each weekend holiday takes the first working day after it that no other
    // holiday or carry-over holds: Nauryz on Sat–Sun–Mon gives Tuesday and Wednesday.
    for (date, holiday) in weekendHolidays {
      var dayOff = date.adding(days: 1)
      while dayOff.isWeekend || entries[dayOff] != nil { dayOff = dayOff.adding(days: 1) }
      let (_, month, day) = date.components
      entries[dayOff] = CalendarEntry(
        date: dayOff,
        kind: .holiday(name: "Перенос выходного с \(day).\(month < 10 ? "0" : "")\(month) (\(holiday.name))"),
        origin: .statute, source: "law: weekend carry-over")
    }
    return entries
  }
}
