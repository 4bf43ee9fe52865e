// GENERATED from ./message.schema.json by ajv's standalone code (draft-07, allErrors, ajv-formats). Do not edit.
// The page's CSP forbids ajv.compile's eval, so this compiled validator runs instead. test/ui checks that it
// is exactly what ajv makes of the schema file now; after a schema change, run `npx vitest run test/ui -u`.
import { fullFormats } from 'ajv-formats/dist/formats.js'
"use strict";
export const validate = validate10;
export default validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://smtp.standard/schemas/message","title":"SMTP Email Message","description":"Schema representing an email message as defined by RFC 5321 (SMTP) and RFC 5322 (Internet Message Format)","type":"object","required":["from","to","subject"],"properties":{"from":{"type":"string","format":"email","description":"The sender's email address (RFC 5322 From header / SMTP MAIL FROM)"},"to":{"oneOf":[{"type":"string","format":"email"},{"type":"array","items":{"type":"string","format":"email"},"minItems":1}],"description":"Recipient address(es) (RFC 5322 To header / SMTP RCPT TO)"},"cc":{"oneOf":[{"type":"string","format":"email"},{"type":"array","items":{"type":"string","format":"email"}}],"description":"Carbon copy recipient(s)"},"bcc":{"oneOf":[{"type":"string","format":"email"},{"type":"array","items":{"type":"string","format":"email"}}],"description":"Blind carbon copy recipient(s) - not included in message headers"},"replyTo":{"type":"string","format":"email","description":"Reply-To address if different from From"},"subject":{"type":"string","description":"Email subject line (RFC 5322 Subject header)"},"date":{"type":"string","format":"date-time","description":"Message creation date and time (RFC 5322 Date header)"},"messageId":{"type":"string","description":"Unique message identifier in format <local@domain> (RFC 5322 Message-ID)"},"body":{"$ref":"#/definitions/MessageBody"},"headers":{"type":"object","description":"Additional RFC 5322 headers as key-value pairs","additionalProperties":{"type":"string"}},"attachments":{"type":"array","description":"MIME attachments","items":{"$ref":"#/definitions/Attachment"}}},"definitions":{"MessageBody":{"type":"object","description":"The message body content","properties":{"text":{"type":"string","description":"Plain text body (text/plain MIME part)"},"html":{"type":"string","description":"HTML body (text/html MIME part)"},"mimeType":{"type":"string","description":"MIME content type for multipart messages","examples":["multipart/mixed","multipart/alternative","text/plain","text/html"]}}},"Attachment":{"type":"object","required":["filename","contentType"],"properties":{"filename":{"type":"string","description":"Attachment filename"},"contentType":{"type":"string","description":"MIME content type (e.g., application/pdf, image/png)"},"contentId":{"type":"string","description":"Content-ID for inline attachments"},"disposition":{"type":"string","enum":["attachment","inline"],"description":"Content disposition type"},"size":{"type":"integer","description":"File size in bytes"}}}}};
const schema12 = {"type":"object","description":"The message body content","properties":{"text":{"type":"string","description":"Plain text body (text/plain MIME part)"},"html":{"type":"string","description":"HTML body (text/html MIME part)"},"mimeType":{"type":"string","description":"MIME content type for multipart messages","examples":["multipart/mixed","multipart/alternative","text/plain","text/html"]}}};
const schema13 = {"type":"object","required":["filename","contentType"],"properties":{"filename":{"type":"string","description":"Attachment filename"},"contentType":{"type":"string","description":"MIME content type (e.g., application/pdf, image/png)"},"contentId":{"type":"string","description":"Content-ID for inline attachments"},"disposition":{"type":"string","enum":["attachment","inline"],"description":"Content disposition type"},"size":{"type":"integer","description":"File size in bytes"}}};
const formats0 = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const formats16 = fullFormats["date-time"];

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://smtp.standard/schemas/message" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.from === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "from"},message:"must have required property '"+"from"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.to === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "to"},message:"must have required property '"+"to"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.subject === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "subject"},message:"must have required property '"+"subject"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.from !== undefined){
let data0 = data.from;
if(typeof data0 === "string"){
if(!(formats0.test(data0))){
const err3 = {instancePath:instancePath+"/from",schemaPath:"#/properties/from/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/from",schemaPath:"#/properties/from/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.to !== undefined){
let data1 = data.to;
const _errs4 = errors;
let valid1 = false;
let passing0 = null;
const _errs5 = errors;
if(typeof data1 === "string"){
if(!(formats0.test(data1))){
const err5 = {instancePath:instancePath+"/to",schemaPath:"#/properties/to/oneOf/0/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/to",schemaPath:"#/properties/to/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var _valid0 = _errs5 === errors;
if(_valid0){
valid1 = true;
passing0 = 0;
}
const _errs7 = errors;
if(Array.isArray(data1)){
if(data1.length < 1){
const err7 = {instancePath:instancePath+"/to",schemaPath:"#/properties/to/oneOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
if(typeof data2 === "string"){
if(!(formats0.test(data2))){
const err8 = {instancePath:instancePath+"/to/" + i0,schemaPath:"#/properties/to/oneOf/1/items/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/to/" + i0,schemaPath:"#/properties/to/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/to",schemaPath:"#/properties/to/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var _valid0 = _errs7 === errors;
if(_valid0 && valid1){
valid1 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid1 = true;
passing0 = 1;
}
}
if(!valid1){
const err11 = {instancePath:instancePath+"/to",schemaPath:"#/properties/to/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
else {
errors = _errs4;
if(vErrors !== null){
if(_errs4){
vErrors.length = _errs4;
}
else {
vErrors = null;
}
}
}
}
if(data.cc !== undefined){
let data3 = data.cc;
const _errs12 = errors;
let valid4 = false;
let passing1 = null;
const _errs13 = errors;
if(typeof data3 === "string"){
if(!(formats0.test(data3))){
const err12 = {instancePath:instancePath+"/cc",schemaPath:"#/properties/cc/oneOf/0/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/cc",schemaPath:"#/properties/cc/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid1 = _errs13 === errors;
if(_valid1){
valid4 = true;
passing1 = 0;
}
const _errs15 = errors;
if(Array.isArray(data3)){
const len1 = data3.length;
for(let i1=0; i1<len1; i1++){
let data4 = data3[i1];
if(typeof data4 === "string"){
if(!(formats0.test(data4))){
const err14 = {instancePath:instancePath+"/cc/" + i1,schemaPath:"#/properties/cc/oneOf/1/items/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/cc/" + i1,schemaPath:"#/properties/cc/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/cc",schemaPath:"#/properties/cc/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var _valid1 = _errs15 === errors;
if(_valid1 && valid4){
valid4 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid4 = true;
passing1 = 1;
}
}
if(!valid4){
const err17 = {instancePath:instancePath+"/cc",schemaPath:"#/properties/cc/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
else {
errors = _errs12;
if(vErrors !== null){
if(_errs12){
vErrors.length = _errs12;
}
else {
vErrors = null;
}
}
}
}
if(data.bcc !== undefined){
let data5 = data.bcc;
const _errs20 = errors;
let valid7 = false;
let passing2 = null;
const _errs21 = errors;
if(typeof data5 === "string"){
if(!(formats0.test(data5))){
const err18 = {instancePath:instancePath+"/bcc",schemaPath:"#/properties/bcc/oneOf/0/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/bcc",schemaPath:"#/properties/bcc/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
var _valid2 = _errs21 === errors;
if(_valid2){
valid7 = true;
passing2 = 0;
}
const _errs23 = errors;
if(Array.isArray(data5)){
const len2 = data5.length;
for(let i2=0; i2<len2; i2++){
let data6 = data5[i2];
if(typeof data6 === "string"){
if(!(formats0.test(data6))){
const err20 = {instancePath:instancePath+"/bcc/" + i2,schemaPath:"#/properties/bcc/oneOf/1/items/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/bcc/" + i2,schemaPath:"#/properties/bcc/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath:instancePath+"/bcc",schemaPath:"#/properties/bcc/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid2 = _errs23 === errors;
if(_valid2 && valid7){
valid7 = false;
passing2 = [passing2, 1];
}
else {
if(_valid2){
valid7 = true;
passing2 = 1;
}
}
if(!valid7){
const err23 = {instancePath:instancePath+"/bcc",schemaPath:"#/properties/bcc/oneOf",keyword:"oneOf",params:{passingSchemas: passing2},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
else {
errors = _errs20;
if(vErrors !== null){
if(_errs20){
vErrors.length = _errs20;
}
else {
vErrors = null;
}
}
}
}
if(data.replyTo !== undefined){
let data7 = data.replyTo;
if(typeof data7 === "string"){
if(!(formats0.test(data7))){
const err24 = {instancePath:instancePath+"/replyTo",schemaPath:"#/properties/replyTo/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/replyTo",schemaPath:"#/properties/replyTo/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.subject !== undefined){
if(typeof data.subject !== "string"){
const err26 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.date !== undefined){
let data9 = data.date;
if(typeof data9 === "string"){
if(!(formats16.validate(data9))){
const err27 = {instancePath:instancePath+"/date",schemaPath:"#/properties/date/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/date",schemaPath:"#/properties/date/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.messageId !== undefined){
if(typeof data.messageId !== "string"){
const err29 = {instancePath:instancePath+"/messageId",schemaPath:"#/properties/messageId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.body !== undefined){
let data11 = data.body;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
if(data11.text !== undefined){
if(typeof data11.text !== "string"){
const err30 = {instancePath:instancePath+"/body/text",schemaPath:"#/definitions/MessageBody/properties/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data11.html !== undefined){
if(typeof data11.html !== "string"){
const err31 = {instancePath:instancePath+"/body/html",schemaPath:"#/definitions/MessageBody/properties/html/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data11.mimeType !== undefined){
if(typeof data11.mimeType !== "string"){
const err32 = {instancePath:instancePath+"/body/mimeType",schemaPath:"#/definitions/MessageBody/properties/mimeType/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
else {
const err33 = {instancePath:instancePath+"/body",schemaPath:"#/definitions/MessageBody/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.headers !== undefined){
let data15 = data.headers;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
for(const key0 in data15){
if(typeof data15[key0] !== "string"){
const err34 = {instancePath:instancePath+"/headers/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
}
else {
const err35 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data.attachments !== undefined){
let data17 = data.attachments;
if(Array.isArray(data17)){
const len3 = data17.length;
for(let i3=0; i3<len3; i3++){
let data18 = data17[i3];
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.filename === undefined){
const err36 = {instancePath:instancePath+"/attachments/" + i3,schemaPath:"#/definitions/Attachment/required",keyword:"required",params:{missingProperty: "filename"},message:"must have required property '"+"filename"+"'"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if(data18.contentType === undefined){
const err37 = {instancePath:instancePath+"/attachments/" + i3,schemaPath:"#/definitions/Attachment/required",keyword:"required",params:{missingProperty: "contentType"},message:"must have required property '"+"contentType"+"'"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(data18.filename !== undefined){
if(typeof data18.filename !== "string"){
const err38 = {instancePath:instancePath+"/attachments/" + i3+"/filename",schemaPath:"#/definitions/Attachment/properties/filename/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data18.contentType !== undefined){
if(typeof data18.contentType !== "string"){
const err39 = {instancePath:instancePath+"/attachments/" + i3+"/contentType",schemaPath:"#/definitions/Attachment/properties/contentType/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data18.contentId !== undefined){
if(typeof data18.contentId !== "string"){
const err40 = {instancePath:instancePath+"/attachments/" + i3+"/contentId",schemaPath:"#/definitions/Attachment/properties/contentId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data18.disposition !== undefined){
let data22 = data18.disposition;
if(typeof data22 !== "string"){
const err41 = {instancePath:instancePath+"/attachments/" + i3+"/disposition",schemaPath:"#/definitions/Attachment/properties/disposition/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(!((data22 === "attachment") || (data22 === "inline"))){
const err42 = {instancePath:instancePath+"/attachments/" + i3+"/disposition",schemaPath:"#/definitions/Attachment/properties/disposition/enum",keyword:"enum",params:{allowedValues: schema13.properties.disposition.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data18.size !== undefined){
let data23 = data18.size;
if(!(((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23))) && (isFinite(data23)))){
const err43 = {instancePath:instancePath+"/attachments/" + i3+"/size",schemaPath:"#/definitions/Attachment/properties/size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
else {
const err44 = {instancePath:instancePath+"/attachments/" + i3,schemaPath:"#/definitions/Attachment/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
else {
const err45 = {instancePath:instancePath+"/attachments",schemaPath:"#/properties/attachments/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
else {
const err46 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}
