// UI texts of the inspection record (现场核查记录) on the Verify screen, in
// both languages; messages.ts spreads them into its dictionaries. The record
// itself (the PDF) is written in Rust (buildcert-service, record.rs).

export const RECORD_ZH = {
  'record.title': '核查记录',
  'record.intro': '把核验结果存为 PDF，打印后留档。记录上有结论、持证人信息（公民身份号码按设置隐去）、核验时间、信任列表版本和原因。',
  'record.note': '检查员备注（可选）',
  'record.noteHint': '打印在记录上，例如检查地点或项目名称。',
  'record.scope': '记录哪些核验',
  'record.scopeLast': '本次核验结果',
  'record.scopeSession': '本次启动以来的全部核验（{n} 次，自 {since} 起）',
  'record.export': '打印/导出核查记录',
  'record.filter': '核查记录（PDF）',
  'record.path': '或输入保存路径（.pdf）',
  'record.pathBtn': '保存到此路径',
  'record.exported': '核查记录已保存（{n} 次核验）：{path}',
} as const;

export const RECORD_EN: Record<keyof typeof RECORD_ZH, string> = {
  'record.title': 'Inspection record',
  'record.intro': 'Save the verdict as a PDF to print and keep. The record shows the verdict, the holder (the resident ID number masked as set), the time of the check, the trust list version and the reasons.',
  'record.note': "Inspector's note (optional)",
  'record.noteHint': 'Printed on the record, e.g. the site or the project.',
  'record.scope': 'Which checks to record',
  'record.scopeLast': 'This verdict',
  'record.scopeSession': 'Every check since the app started ({n}, since {since})',
  'record.export': 'Export inspection record',
  'record.filter': 'Inspection record (PDF)',
  'record.path': 'Or type where to save it (.pdf)',
  'record.pathBtn': 'Save to this path',
  'record.exported': 'Inspection record saved ({n} check(s)): {path}',
};
