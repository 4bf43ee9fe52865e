// GENERATED from ./session.schema.json by ajv's standalone code (draft-07, allErrors, ajv-formats). Do not edit.
// The page's CSP forbids ajv.compile's eval, so this compiled validator runs instead. test/ui checks that it
// is exactly what ajv makes of the schema file now; after a schema change, run `npx vitest run test/ui -u`.
"use strict";
export const validate = validate10;
export default validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://smtp.standard/schemas/session","title":"SMTP Session","description":"Schema representing an SMTP protocol session as defined in RFC 5321","type":"object","properties":{"host":{"type":"string","description":"SMTP server hostname or IP address"},"port":{"type":"integer","description":"TCP port number","examples":[25,465,587],"default":25},"secure":{"type":"string","enum":["none","tls","starttls"],"description":"TLS/SSL security mode. Port 465 uses TLS, port 587 uses STARTTLS"},"authentication":{"$ref":"#/definitions/Authentication"},"clientHostname":{"type":"string","description":"The client's FQDN sent in EHLO/HELO command"},"extensions":{"type":"array","description":"ESMTP extensions supported by the server (from EHLO response)","items":{"type":"string"},"examples":[["STARTTLS","AUTH LOGIN PLAIN","8BITMIME","PIPELINING","SIZE 52428800"]]},"transaction":{"$ref":"#/definitions/Transaction"}},"definitions":{"Authentication":{"type":"object","properties":{"mechanism":{"type":"string","enum":["PLAIN","LOGIN","CRAM-MD5","DIGEST-MD5","XOAUTH2"],"description":"SASL authentication mechanism"},"username":{"type":"string","description":"Authentication username"}}},"Transaction":{"type":"object","description":"A single SMTP mail transaction (MAIL FROM through DATA)","properties":{"from":{"type":"string","format":"email","description":"Envelope sender (MAIL FROM command)"},"recipients":{"type":"array","description":"Envelope recipients (RCPT TO commands)","items":{"type":"string","format":"email"},"minItems":1},"messageSize":{"type":"integer","description":"Estimated message size in bytes"}}},"SMTPCommand":{"type":"object","properties":{"command":{"type":"string","enum":["EHLO","HELO","MAIL","RCPT","DATA","RSET","VRFY","EXPN","NOOP","QUIT","STARTTLS","AUTH"],"description":"SMTP command verb"},"parameters":{"type":"string","description":"Command parameters (e.g., FROM:)"}}},"SMTPResponse":{"type":"object","properties":{"code":{"type":"integer","description":"Three-digit SMTP response code","minimum":100,"maximum":599},"message":{"type":"string","description":"Human-readable response message"},"enhanced":{"type":"string","pattern":"^[245]\\.[0-9]+\\.[0-9]+$","description":"Enhanced status code (RFC 3463) e.g., 2.0.0, 5.1.1"}}}}};
const schema12 = {"type":"object","properties":{"mechanism":{"type":"string","enum":["PLAIN","LOGIN","CRAM-MD5","DIGEST-MD5","XOAUTH2"],"description":"SASL authentication mechanism"},"username":{"type":"string","description":"Authentication username"}}};
const schema13 = {"type":"object","description":"A single SMTP mail transaction (MAIL FROM through DATA)","properties":{"from":{"type":"string","format":"email","description":"Envelope sender (MAIL FROM command)"},"recipients":{"type":"array","description":"Envelope recipients (RCPT TO commands)","items":{"type":"string","format":"email"},"minItems":1},"messageSize":{"type":"integer","description":"Estimated message size in bytes"}}};
const formats0 = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://smtp.standard/schemas/session" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.host !== undefined){
if(typeof data.host !== "string"){
const err0 = {instancePath:instancePath+"/host",schemaPath:"#/properties/host/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.port !== undefined){
let data1 = data.port;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err1 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.secure !== undefined){
let data2 = data.secure;
if(typeof data2 !== "string"){
const err2 = {instancePath:instancePath+"/secure",schemaPath:"#/properties/secure/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!(((data2 === "none") || (data2 === "tls")) || (data2 === "starttls"))){
const err3 = {instancePath:instancePath+"/secure",schemaPath:"#/properties/secure/enum",keyword:"enum",params:{allowedValues: schema11.properties.secure.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.authentication !== undefined){
let data3 = data.authentication;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.mechanism !== undefined){
let data4 = data3.mechanism;
if(typeof data4 !== "string"){
const err4 = {instancePath:instancePath+"/authentication/mechanism",schemaPath:"#/definitions/Authentication/properties/mechanism/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(!(((((data4 === "PLAIN") || (data4 === "LOGIN")) || (data4 === "CRAM-MD5")) || (data4 === "DIGEST-MD5")) || (data4 === "XOAUTH2"))){
const err5 = {instancePath:instancePath+"/authentication/mechanism",schemaPath:"#/definitions/Authentication/properties/mechanism/enum",keyword:"enum",params:{allowedValues: schema12.properties.mechanism.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data3.username !== undefined){
if(typeof data3.username !== "string"){
const err6 = {instancePath:instancePath+"/authentication/username",schemaPath:"#/definitions/Authentication/properties/username/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
else {
const err7 = {instancePath:instancePath+"/authentication",schemaPath:"#/definitions/Authentication/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.clientHostname !== undefined){
if(typeof data.clientHostname !== "string"){
const err8 = {instancePath:instancePath+"/clientHostname",schemaPath:"#/properties/clientHostname/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.extensions !== undefined){
let data7 = data.extensions;
if(Array.isArray(data7)){
const len0 = data7.length;
for(let i0=0; i0<len0; i0++){
if(typeof data7[i0] !== "string"){
const err9 = {instancePath:instancePath+"/extensions/" + i0,schemaPath:"#/properties/extensions/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
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
const err10 = {instancePath:instancePath+"/extensions",schemaPath:"#/properties/extensions/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.transaction !== undefined){
let data9 = data.transaction;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.from !== undefined){
let data10 = data9.from;
if(typeof data10 === "string"){
if(!(formats0.test(data10))){
const err11 = {instancePath:instancePath+"/transaction/from",schemaPath:"#/definitions/Transaction/properties/from/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/transaction/from",schemaPath:"#/definitions/Transaction/properties/from/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data9.recipients !== undefined){
let data11 = data9.recipients;
if(Array.isArray(data11)){
if(data11.length < 1){
const err13 = {instancePath:instancePath+"/transaction/recipients",schemaPath:"#/definitions/Transaction/properties/recipients/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
const len1 = data11.length;
for(let i1=0; i1<len1; i1++){
let data12 = data11[i1];
if(typeof data12 === "string"){
if(!(formats0.test(data12))){
const err14 = {instancePath:instancePath+"/transaction/recipients/" + i1,schemaPath:"#/definitions/Transaction/properties/recipients/items/format",keyword:"format",params:{format: "email"},message:"must match format \""+"email"+"\""};
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
const err15 = {instancePath:instancePath+"/transaction/recipients/" + i1,schemaPath:"#/definitions/Transaction/properties/recipients/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
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
const err16 = {instancePath:instancePath+"/transaction/recipients",schemaPath:"#/definitions/Transaction/properties/recipients/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data9.messageSize !== undefined){
let data13 = data9.messageSize;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err17 = {instancePath:instancePath+"/transaction/messageSize",schemaPath:"#/definitions/Transaction/properties/messageSize/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/transaction",schemaPath:"#/definitions/Transaction/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}
