// Labels of registry enums declared for a person's own copy of their data
// (GET /api/v1/enums): merged into the shared `enums` group by core/i18n.js.
export default {
  zh: {
    gender: { male: '男', female: '女' },
    person_role_kind: { team: '团队', committee: '社区委员会' },
  },
  en: {
    gender: { male: 'Male', female: 'Female' },
    person_role_kind: { team: 'Team', committee: 'Community committee' },
  },
}
