"""The Schools Forum's meetings: agendas, attendance, minutes, decisions, actions, the
agenda pack and the alerts that announce it."""
