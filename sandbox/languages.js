'use strict';

// The values of the spec's LanguageEnum (without null), in the spec's order; 'bs-ME' is the
// vendor's spelling.
const LANGUAGES = (
	'ar_AR aa_ER af_NA af_ZA am_ET ar_AE ar_BH ar_DJ ar_DZ ar_EG ar_ER ar_IQ ar_JO ar_KM ' +
	'ar_KW ar_LB ar_LY ar_MA ar_MR ar_OM ar_PS ar_QA ar_SA ar_SD ar_SY ar_TD ar_TN ar_YE ' +
	'ay_BO ay_PE az_AZ az_IR be_BY bg_BG bi_VU bn_BD bn_IN bs_BA bs-ME byn_ER ca_AD ca_ES ' +
	'ca_FR ca_IT ch_GU cs_CZ da_DK de_AT de_BE de_CH de_DE de_LI de_LU de_VA de_MV dv_MV ' +
	'dz_BT el_CY el_GR en_AG en_AI en_AS en_AU en_BB en_BE en_BM en_BS en_BW en_BZ en_CA ' +
	'en_CC en_CK en_CM en_CW en_CX en_DG en_DM en_ER en_FJ en_FK en_FM en_GB en_GD en_GG ' +
	'en_GH en_GI en_GM en_GS en_GU en_GY en_HK en_IE en_IM en_IN en_IO en_JE en_JM en_KE ' +
	'en_KI en_KN en_KY en_LC en_LR en_LS en_MF en_MG en_MH en_MO en_MP en_MS en_MT en_MU ' +
	'en_MW en_MY en_NA en_NF en_NG en_NL en_NR en_NU en_NZ en_PG en_PH en_PK en_PN en_PR ' +
	'en_PW en_RW en_SB en_SC en_SD en_SG en_SH en_SL en_SS en_SX en_SZ en_TC en_TK en_TO ' +
	'en_TT en_TV en_TZ en_UG en_UM en_US en_VC en_VG en_VI en_VU en_WS en_ZA en_ZM en_ZW ' +
	'es_AR es_BO es_BZ es_CL es_CO es_CR es_CU es_DO es_EA es_EC es_EH es_ES es_GQ es_GT ' +
	'es_HN es_IC es_LA es_MX es_NI es_PA es_PE es_PH es_PR es_PY es_SV es_US es_UY es_VE ' +
	'et_EE fa_AF fa_IR fan_GA ff_CM ff_GN ff_MR ff_SN ff_BF fi_FI fj_FJ fo_FO fr_BE fr_BF ' +
	'fr_BI fr_BJ fr_BL fr_CA fr_CD fr_CF fr_CG fr_CH fr_CI fr_CM fr_DJ fr_DZ fr_FR fr_GA ' +
	'fr_GF fr_GG fr_GN fr_GP fr_GQ fr_HT fr_KM fr_JE fr_LU fr_LB fr_MA fr_MC fr_MF fr_MG ' +
	'fr_ML fr_MQ fr_MR fr_MU fr_NC fr_NE fr_PF fr_PM fr_RE fr_RW fr_SC fr_SN fr_SY fr_TD ' +
	'fr_TF fr_TG fr_TN fr_VU fr_VA fr_WF fr_YT ga_IE gn_PY gn_AR gu_IN gv_IM he_IL hi_IN ' +
	'hr_BA hr_HR hr_ME ht_HT hu_HU hy_AM hy_CY id_ID is_IS it_CH it_IT it_SM it_VA ja_JP ' +
	'ka_GE kg_CD kk_KZ kl_GL km_KH ko_KP ko_KR ku_IQ ky_KG la_VA lb_LU ln_AO ln_CD ln_CF ' +
	'ln_CG lo_LA lt_LT lu_CD lv_LV mg_MG mh_MH mi_NZ mk_MK mn_MN mr_IN ms_BN ms_MY ms_SG ' +
	'mt_MT my_MM nb_NO nb_BV nb_ZW ne_NP nl_AW nl_BE nl_BQ nl_CW nl_NL nl_SR nl_SX nl_MF ' +
	'nn_NO nn_BV no_NO no_BV no_SJ nr_ZA ny_MW pa_IN pa_PK pl_PL ps_AF pt_AO pt_BR pt_CH ' +
	'pt_CV pt_GQ pt_GW pt_LU pt_MO pt_MZ pt_PT pt_ST pt_TL qu_BO qu_EC qu_PE rar_CK rm_CH ' +
	'rup_MK ro_MD ro_RO ru_BY ru_KG ru_KZ ru_MD ru_RU ru_UA ru_AQ ru_TJ ru_TM ru_UZ rw_RW ' +
	'se_SE sg_CF si_LK sk_SK sl_SI sm_AS sm_WS sn_ZW so_DJ so_ET so_KE so_SO sq_AL sq_ME ' +
	'sq_XK sr_BA sr_ME sr_RS sr_XK ss_SZ ss_ZA sv_AX sv_FI sv_SE sw_KE sw_TZ sw_UG sw_CD ' +
	'ta_IN ta_MY ta_SG ta_LK te_IN tg_TJ th_TH ti_ER ti_ET tig_ER tk_TM tk_AF tn_BW tn_ZA ' +
	'to_TO tr_CY tr_TR ts_ZA uk_UA ur_IN ur_PK uz_AF uz_UZ ve_ZA vi_VN xh_ZA zh_CN zh_HK ' +
	'zh_MO zh_SG zh_TW zu_ZA unmapped_value'
).split(' ');

module.exports = { LANGUAGES };
